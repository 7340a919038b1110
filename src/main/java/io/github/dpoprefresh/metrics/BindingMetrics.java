package io.github.dpoprefresh.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.dpoprefresh.binding.Outcome;
import io.github.dpoprefresh.binding.RefusalReason;
import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Counters in Keycloak's metrics registry, exported with {@code --metrics-enabled=true} on the management
 * interface's {@code /metrics} (Prometheus names {@code dpop_refresh_..._total}, each with a {@code # HELP} line).
 * Without metrics, no-ops.
 *
 * <p>Each counter is looked up in the registry once and kept (a lookup builds and sorts its tags every time). The
 * global registry is a composite: a counter kept from before a registry joins it counts there too.
 * The per-client series are {@link ClientMetrics}'.
 *
 * <p>{@link #realmSeries} and {@link ClientMetrics#clientSeries} register a realm's or a client's series at zero, so
 * that a fresh install shows every series a dashboard or an absent-series alert asks for before the first request.
 */
public final class BindingMetrics {

    public static final String PROOFS = "dpop.refresh.proofs";
    public static final String BINDINGS = "dpop.refresh.bindings";
    public static final String NONCE_CHALLENGES = "dpop.refresh.nonce.challenges";
    public static final String THEFTS = "dpop.refresh.thefts";


    /** Every {@code reason} of a refused request: the binding's own and the proof validator's. */
    public static final List<String> REFUSAL_REASONS;

    static {
        TreeSet<String> reasons = new TreeSet<>();
        for (RefusalReason reason : RefusalReason.values()) {
            reasons.add(reason.code());
        }
        for (InvalidProofException.Reason reason : InvalidProofException.Reason.values()) {
            reasons.add(reason.code());
        }
        REFUSAL_REASONS = List.copyOf(reasons);
    }

    /** The {@code # HELP} text of each metric. */
    static final Map<String, String> DESCRIPTIONS = Map.of(
            PROOFS, "DPoP proofs the refresh-token binding accepted (outcome=accepted, reason=none) and requests "
                    + "it refused (outcome=rejected, reason=the dpop_reason code), at the token endpoint, logout and "
                    + "revocation",
            BINDINGS, "Refresh tokens issued bound to a DPoP key: binding=new (first binding), kept (rotation), "
                    + "upgraded (an unbound refresh token was refreshed with a proof)",
            NONCE_CHALLENGES, "use_dpop_nonce answers sent to clients that need a server nonce",
            THEFTS, "Bound refresh tokens presented without a proof or with a proof of another key "
                    + "(response=reject or revoke-session, the client's theft response)",
            ClientMetrics.CLIENT_REQUESTS, "Token requests of public clients whose binding is optional or required, per client and "
                    + "grant: outcome=with_proof (a valid proof), without_proof (none, accepted), refused; "
                    + "client_id=_other for the clients of a realm past the first " + ClientMetrics.CLIENTS_PER_REALM);

    private record Key(String name, List<String> tags) {
    }

    private static final ConcurrentMap<Key, Counter> COUNTERS = new ConcurrentHashMap<>();

    private BindingMetrics() {
    }

    /** A proof accepted at the token endpoint. */
    public static void proofAccepted(String realm) {
        increment(PROOFS, "realm", realm, "outcome", "accepted", "reason", "none");
    }

    /** A token request refused; {@code reason} is a stable code ({@code missing}, {@code signature}, ...). */
    public static void refused(String realm, String reason) {
        increment(PROOFS, "realm", realm, "outcome", "rejected", "reason", reason);
    }

    /** A bound refresh token issued: {@code new} (first binding), {@code kept} (rotation), {@code upgraded}. */
    public static void bound(String realm, String binding) {
        increment(BINDINGS, "realm", realm, "binding", binding);
    }

    /** A {@code use_dpop_nonce} challenge sent. */
    public static void nonceChallenged(String realm) {
        increment(NONCE_CHALLENGES, "realm", realm);
    }

    /** A bound refresh token presented without a proof or with a proof of another key; {@code response} as configured. */
    public static void theftDetected(String realm, String response) {
        increment(THEFTS, "realm", realm, "response", response);
    }

    /** Whether a registry exports what is counted here (Keycloak's {@code --metrics-enabled=true}). */
    public static boolean exported() {
        return !Metrics.globalRegistry.getRegistries().isEmpty();
    }

    /** Registers every series of the realm at zero: each label combination this class counts. */
    public static void realmSeries(String realm) {
        register(PROOFS, "realm", realm, "outcome", "accepted", "reason", "none");
        for (String reason : REFUSAL_REASONS) {
            register(PROOFS, "realm", realm, "outcome", "rejected", "reason", reason);
        }
        for (Outcome outcome : Outcome.values()) {
            register(BINDINGS, "realm", realm, "binding", outcome.option());
        }
        register(NONCE_CHALLENGES, "realm", realm);
        for (TheftResponse response : TheftResponse.values()) {
            register(THEFTS, "realm", realm, "response", response.option());
        }
    }

    private static void increment(String name, String... tags) {
        register(name, tags).increment();
    }

    private static Counter register(String name, String... tags) {
        return COUNTERS.computeIfAbsent(new Key(name, List.of(tags)), key -> counter(name, tags));
    }

    static Counter counter(String name, String... tags) {
        return Counter.builder(name).description(DESCRIPTIONS.get(name)).tags(tags).register(Metrics.globalRegistry);
    }
}
