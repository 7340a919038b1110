package io.github.dpoprefresh.replay;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import io.github.dpoprefresh.proof.ProofPolicy;
import org.keycloak.models.KeycloakSession;

/**
 * Remembers every accepted proof for as long as it could be accepted (RFC 9449 §11.1), in Keycloak's single-use
 * object store: the {@code actionTokens} Infinispan cache (cluster-wide), an external Infinispan, or the database,
 * whatever the server runs. The key is the one Keycloak's own DPoP replay check uses (SHA-1 of jti and htu, hex;
 * {@code DPoPUtil.DPoPReplayCheck}), so there is one replay store for the realm: a proof accepted by us is refused by
 * Keycloak's check, and one accepted by Keycloak's is refused by ours, whichever path sees it first.
 */
public final class ReplayGuard {

    /** How long Keycloak's own check accepts a proof after its iat ({@code DPoPUtil}: proof lifetime + clock skew). */
    static final int KEYCLOAK_WINDOW_SECONDS = 10 + 15;

    private ReplayGuard() {
    }

    /** True the first time this proof is seen within its window, false for a replay. */
    public static boolean firstUse(KeycloakSession session, String jti, String htu, long iat, ProofPolicy policy,
            long now) {
        return session.singleUseObjects().putIfAbsent(key(jti, htu), lifespan(policy, iat, now));
    }

    /**
     * A proof Keycloak's own check accepted (which remembers it for Keycloak's shorter window): remembered from now
     * on for as long as ours would accept it.
     */
    public static void remember(KeycloakSession session, String jti, String htu, long iat, ProofPolicy policy,
            long now) {
        session.singleUseObjects().put(key(jti, htu), lifespan(policy, iat, now), Map.of());
    }

    /**
     * Long enough for our window and for Keycloak's, plus the clock skew once more: in a cluster, each node counts the
     * entry's expiry with its own clock, so a node up to {@code clock-skew} seconds ahead of the one that stored it still
     * forgets it only after every node stopped accepting the proof. Never less than one second (every store refuses 0).
     */
    static long lifespan(ProofPolicy policy, long iat, long now) {
        return Math.max(policy.replayLifespanSeconds(iat, now) + policy.clockSkewSeconds(),
                iat + KEYCLOAK_WINDOW_SECONDS - now);
    }

    /** {@code DPoPUtil.DPoPReplayCheck}: the bytes of jti, a line feed and htu, in the platform's encoding, as there. */
    static String key(String jti, String htu) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest((jti + "\n" + htu).getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
