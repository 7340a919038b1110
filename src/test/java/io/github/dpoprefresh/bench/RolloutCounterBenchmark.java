package io.github.dpoprefresh.bench;

import java.util.concurrent.TimeUnit;

import io.github.dpoprefresh.rollout.Grant;
import io.github.dpoprefresh.rollout.RolloutCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The rollout figures' cost per token request (issue 23: under 1 µs): what a request adds to the node's counter, on
 * two threads (the request threads of a 2-core server). A drain every second of a flush interval is not measured: it
 * runs on the timer thread, not in a request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class RolloutCounterBenchmark {

    private final RolloutCounter counter = new RolloutCounter();
    private final String realmId = "4f7c6a0e-5d7b-4a53-9a0e-2a0b6f1c9d11";
    private final String clientId = "b7a0f3f2-8f0e-4a8e-9a52-0b1a0cbd3e2f";
    private final String sessionId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    /** A code, password or device grant, or a refresh of a bound token. */
    @Benchmark
    public void grantWithProof() {
        counter.granted(realmId, clientId, Grant.REFRESH, true, System.currentTimeMillis());
    }

    /** The costliest request: a refresh of an unbound token without a proof (its session is remembered). */
    @Benchmark
    public void unboundRefreshWithoutProof() {
        long now = System.currentTimeMillis();
        counter.granted(realmId, clientId, Grant.REFRESH, false, now);
        counter.unboundRefresh(realmId, clientId, sessionId, now);
    }
}
