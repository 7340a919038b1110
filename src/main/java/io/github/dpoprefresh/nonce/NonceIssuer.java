package io.github.dpoprefresh.nonce;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless server nonces (RFC 9449 §8): {@code base64url(step || HMAC-SHA256(key, scope || step)[0..16])}, where
 * {@code step} is the current time divided by the lifetime. Every node that has the same key and scope issues and
 * accepts the same nonces without any shared state; a nonce of another scope (realm) or key never verifies.
 *
 * <p>A nonce is accepted during the step it was issued in and the one after (so it lives between one and two
 * lifetimes), and one step early, for nodes whose clocks run behind the issuing node's.
 */
public final class NonceIssuer {

    private static final int STEP_BYTES = 8;
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final byte[] scope;
    private final int lifetimeSeconds;

    /**
     * @param secret          key material shared by every node (e.g. derived from a realm key)
     * @param scope           what the nonce is valid for (e.g. the realm id): a nonce of another scope never verifies
     * @param lifetimeSeconds length of one time step
     */
    public NonceIssuer(byte[] secret, String scope, int lifetimeSeconds) {
        if (secret.length < 16 || lifetimeSeconds < 1) {
            throw new IllegalArgumentException("nonce secret must have >= 16 bytes and lifetime >= 1 s");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.scope = scope.getBytes(StandardCharsets.UTF_8);
        this.lifetimeSeconds = lifetimeSeconds;
    }

    /** The nonce to hand out at {@code now} (epoch seconds). */
    public String issue(long now) {
        long step = Math.floorDiv(now, lifetimeSeconds);
        ByteBuffer nonce = ByteBuffer.allocate(STEP_BYTES + MAC_BYTES).putLong(step).put(mac(step));
        return ENCODER.encodeToString(nonce.array());
    }

    /** True when {@code nonce} was issued by this issuer and has not expired at {@code now}. */
    public boolean isValid(String nonce, long now) {
        if (nonce == null || nonce.length() != 32) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (decoded.length != STEP_BYTES + MAC_BYTES) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(decoded);
        long step = buffer.getLong();
        long current = Math.floorDiv(now, lifetimeSeconds);
        if (step < current - 1 || step > current + 1) {
            return false;
        }
        byte[] mac = new byte[MAC_BYTES];
        buffer.get(mac);
        return MessageDigest.isEqual(mac, mac(step));
    }

    private byte[] mac(long step) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(scope);
            hmac.update((byte) 0);
            hmac.update(ByteBuffer.allocate(STEP_BYTES).putLong(step).array());
            byte[] full = hmac.doFinal();
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
