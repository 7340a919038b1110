package io.github.dpoprefresh.metrics;

import io.micrometer.core.instrument.Metrics;

/**
 * Counters in Keycloak's metrics registry, exported with {@code --metrics-enabled=true} on the management
 * interface's {@code /metrics} (Prometheus names {@code dpop_refresh_..._total}). Without metrics, no-ops.
 */
public final class BindingMetrics {

    private BindingMetrics() {
    }

    /** A proof accepted at the token endpoint. */
    public static void proofAccepted(String realm) {
        Metrics.counter("dpop.refresh.proofs", "realm", realm, "outcome", "accepted", "reason", "none").increment();
    }

    /** A token request refused; {@code reason} is a stable code ({@code missing}, {@code signature}, ...). */
    public static void refused(String realm, String reason) {
        Metrics.counter("dpop.refresh.proofs", "realm", realm, "outcome", "rejected", "reason", reason).increment();
    }

    /** A bound refresh token issued: {@code new} (first binding), {@code kept} (rotation), {@code upgraded}. */
    public static void bound(String realm, String binding) {
        Metrics.counter("dpop.refresh.bindings", "realm", realm, "binding", binding).increment();
    }

    /** A {@code use_dpop_nonce} challenge sent. */
    public static void nonceChallenged(String realm) {
        Metrics.counter("dpop.refresh.nonce.challenges", "realm", realm).increment();
    }
}
