package io.github.dpoprefresh.proof;

/**
 * A DPoP proof was refused. {@link #reason()} is a stable code for events and metrics, {@link #getMessage()} a precise
 * human description that never contains the proof itself.
 */
public final class InvalidProofException extends Exception {

    /**
     * Why a request was refused; the codes are stable (event detail {@code dpop_reason}, metric label). The validator
     * throws the proof's own reasons; the last four are the binding's: a valid proof of another key than the refresh
     * token's, a missing or stale server nonce, a realm without a key for nonces, a client named in a way that does
     * not match the client Keycloak authenticates.
     */
    public enum Reason {
        MISSING, MULTIPLE, TOO_LARGE, MALFORMED, TYP, ALGORITHM, KEY, SIGNATURE, CLAIMS, HTM, HTU, IAT, REPLAY,
        KEY_MISMATCH, NONCE, NONCE_UNAVAILABLE, CLIENT;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public InvalidProofException(Reason reason, String description) {
        super(description, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
