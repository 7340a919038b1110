package io.github.dpoprefresh.proof;

/**
 * A DPoP proof was refused. {@link #reason()} is a stable code for events and metrics, {@link #getMessage()} a precise
 * human description that never contains the proof itself.
 */
public final class InvalidProofException extends Exception {

    /**
     * Why a proof was refused; the codes are stable (event detail {@code dpop_reason}, metric label). The binding's own
     * reasons (no proof where one is needed, several, another key, nonces, replay) are its {@code RefusalReason}.
     */
    public enum Reason {
        MISSING, TOO_LARGE, MALFORMED, TYP, ALGORITHM, KEY, SIGNATURE, CLAIMS, HTM, HTU, IAT;

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
