package io.github.dpoprefresh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class BindingMetricsTest {

    @Test
    void keptCountersCountInARegistryThatJoinsLaterAndEachTagSetIsItsOwn() {
        BindingMetrics.proofAccepted("metrics-test");
        BindingMetrics.refused("metrics-test", "signature");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            BindingMetrics.proofAccepted("metrics-test");
            BindingMetrics.proofAccepted("metrics-test");
            BindingMetrics.refused("metrics-test", "signature");
            BindingMetrics.refused("metrics-test", "htu");
            BindingMetrics.bound("metrics-test", "kept");
            BindingMetrics.nonceChallenged("metrics-test");
            BindingMetrics.theftDetected("metrics-test", "reject");
            BindingMetrics.proofAccepted("other-realm");

            assertThat(count("dpop.refresh.proofs", "realm", "metrics-test", "outcome", "accepted", "reason", "none")).isEqualTo(2);
            assertThat(count("dpop.refresh.proofs", "realm", "metrics-test", "outcome", "rejected", "reason", "signature")).isEqualTo(1);
            assertThat(count("dpop.refresh.proofs", "realm", "metrics-test", "outcome", "rejected", "reason", "htu")).isEqualTo(1);
            assertThat(count("dpop.refresh.bindings", "realm", "metrics-test", "binding", "kept")).isEqualTo(1);
            assertThat(count("dpop.refresh.nonce.challenges", "realm", "metrics-test")).isEqualTo(1);
            assertThat(count("dpop.refresh.thefts", "realm", "metrics-test", "response", "reject")).isEqualTo(1);
            assertThat(count("dpop.refresh.proofs", "realm", "other-realm", "outcome", "accepted", "reason", "none")).isEqualTo(1);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private static double count(String name, String... tags) {
        return Metrics.globalRegistry.find(name).tags(tags).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
