package io.github.dpoprefresh.bench;

import java.util.concurrent.TimeUnit;

import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.metrics.ClientMetrics;
import io.github.dpoprefresh.rollout.Grant;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The per-client metric's cost per token request (issue 23: under 1 µs): {@link BindingMetrics#clientRequest} on two
 * threads, with a registry in Micrometer's global composite as Keycloak has one with {@code --metrics-enabled=true},
 * for a client with series of its own and for one past the bound ({@code client_id="_other"}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class BindingMetricsBenchmark {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Setup(Level.Trial)
    public void setUp() {
        Metrics.addRegistry(registry);
        ClientMetrics.clientSeries("bench", "native-app");
        for (int i = 0; i < ClientMetrics.CLIENTS_PER_REALM; i++) {
            ClientMetrics.clientSeries("full", "app-" + i);
        }
        ClientMetrics.clientRequest("full", "late-app", Grant.REFRESH, "without_proof");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Metrics.removeRegistry(registry);
    }

    @Benchmark
    public void clientWithItsOwnSeries() {
        ClientMetrics.clientRequest("bench", "native-app", Grant.REFRESH, "with_proof");
    }

    @Benchmark
    public void clientPastTheBound() {
        ClientMetrics.clientRequest("full", "late-app", Grant.REFRESH, "without_proof");
    }
}
