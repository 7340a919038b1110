package io.github.dpoprefresh.binding;

import java.util.Locale;

/**
 * Why the binding refused a request, besides the proof's own reasons ({@code InvalidProofException.Reason}). The
 * codes are stable: event detail {@code dpop_reason}, metric label.
 */
public enum RefusalReason {
    /** no proof where one is needed */
    MISSING,
    /** more than one {@code DPoP} header */
    MULTIPLE,
    /** a valid proof of another key than the refresh token's */
    KEY_MISMATCH,
    /** no server nonce, or a stale one, from a client that needs one */
    NONCE,
    /** the realm has no key to make nonces with */
    NONCE_UNAVAILABLE,
    /** the client is named in a way that does not match the client Keycloak authenticates */
    CLIENT,
    /** a proof accepted before */
    REPLAY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
