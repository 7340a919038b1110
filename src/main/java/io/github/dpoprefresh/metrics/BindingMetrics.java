package io.github.dpoprefresh.metrics;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.dpoprefresh.rollout.Grant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Counters in Keycloak's metrics registry, exported with {@code --metrics-enabled=true} on the management
 * interface's {@code /metrics} (Prometheus names {@code dpop_refresh_..._total}). Without metrics, no-ops.
 *
 * <p>Each counter is looked up in the registry once and kept (a lookup builds and sorts its tags every time). The
 * global registry is a composite: a counter kept from before a registry joins it counts there too.
 */
public final class BindingMetrics {

    private record Key(String name, List<String> tags) {
    }

    private static final ConcurrentMap<Key, Counter> COUNTERS = new ConcurrentHashMap<>();

    private BindingMetrics() {
    }

    /** A proof accepted at the token endpoint. */
    public static void proofAccepted(String realm) {
        increment("dpop.refresh.proofs", "realm", realm, "outcome", "accepted", "reason", "none");
    }

    /** A token request refused; {@code reason} is a stable code ({@code missing}, {@code signature}, ...). */
    public static void refused(String realm, String reason) {
        increment("dpop.refresh.proofs", "realm", realm, "outcome", "rejected", "reason", reason);
    }

    /** A bound refresh token issued: {@code new} (first binding), {@code kept} (rotation), {@code upgraded}. */
    public static void bound(String realm, String binding) {
        increment("dpop.refresh.bindings", "realm", realm, "binding", binding);
    }

    /** A {@code use_dpop_nonce} challenge sent. */
    public static void nonceChallenged(String realm) {
        increment("dpop.refresh.nonce.challenges", "realm", realm);
    }

    /** A bound refresh token presented without a proof or with a proof of another key; {@code response} as configured. */
    public static void theftDetected(String realm, String response) {
        increment("dpop.refresh.thefts", "realm", realm, "response", response);
    }

    /**
     * A token request of a client whose setting is {@code optional} or {@code required}: {@code outcome}
     * {@code with_proof}, {@code without_proof} or {@code refused}.
     */
    public static void clientRequest(String realm, String clientId, Grant grant, String outcome) {
        increment("dpop.refresh.client.requests", "realm", realm, "client_id", clientId, "grant", grant.code(),
                "outcome", outcome);
    }

    private static void increment(String name, String... tags) {
        COUNTERS.computeIfAbsent(new Key(name, List.of(tags)), key -> Metrics.counter(name, tags)).increment();
    }
}
