package io.github.dpoprefresh.nonce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A realm's {@link NonceIssuer}. Its key is derived from the realm's active HMAC key (the one Keycloak signs refresh
 * tokens with, kept in the database and so the same on every node), with a label of our own so the two uses never
 * meet; the realm id scopes the nonces to the realm.
 */
public final class RealmNonces {

    private static final byte[] LABEL = "keycloak-dpop-refresh server nonce v1".getBytes(StandardCharsets.UTF_8);

    private RealmNonces() {
    }

    /** The realm's issuer, or null when the realm has no active HMAC key. */
    public static NonceIssuer issuer(KeycloakSession session, RealmModel realm, int lifetimeSeconds) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null) {
            key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS256);
        }
        SecretKey secret = key == null ? null : key.getSecretKey();
        if (secret == null || secret.getEncoded() == null) {
            return null;
        }
        return new NonceIssuer(derive(secret.getEncoded()), realm.getId(), lifetimeSeconds);
    }

    private static byte[] derive(byte[] realmSecret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(realmSecret, "HmacSHA256"));
            return hmac.doFinal(LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
