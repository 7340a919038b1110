package io.github.dpoprefresh.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.github.dpoprefresh.proof.ProofPolicy;
import io.github.dpoprefresh.proof.ValidProof;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Remembers every accepted proof for as long as it could be accepted (RFC 9449 §11.1), in Keycloak's single-use
 * object store: the {@code actionTokens} Infinispan cache (cluster-wide), an external Infinispan, or the database,
 * whatever the server runs. Keys are our own namespace (realm, key thumbprint, jti), so Keycloak's own DPoP replay
 * check (which keys on jti and htu) never collides with ours.
 */
public final class ReplayGuard {

    static final String PREFIX = "dpop-refresh:";

    private ReplayGuard() {
    }

    /** True the first time this proof is seen in the realm within its window, false for a replay. */
    public static boolean firstUse(KeycloakSession session, RealmModel realm, ValidProof proof, ProofPolicy policy,
            long now) {
        return session.singleUseObjects().putIfAbsent(key(realm.getId(), proof.thumbprint(), proof.jti()),
                policy.replayLifespanSeconds(proof.iat(), now));
    }

    /** A bounded key: a jti may be up to 256 characters. */
    static String key(String realmId, String thumbprint, String jti) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8));
            return PREFIX + realmId + ":" + thumbprint + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
