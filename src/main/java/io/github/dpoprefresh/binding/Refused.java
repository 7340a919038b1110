package io.github.dpoprefresh.binding;

import io.github.dpoprefresh.proof.InvalidProofException;

/**
 * A refusal as the client is told it (RFC 6749 §5.2, RFC 9449 §7.1 and §8): HTTP 400 with {@code error} and
 * {@code error_description}.
 *
 * @param error       the OAuth error code
 * @param reason      the stable reason code ({@link RefusalReason#code()} or the proof's own)
 * @param description the human description; never contains the proof or a token
 * @param theft       a bound refresh token came without a proof or with another key's: the client's theft response
 *                    applies
 */
public record Refused(String error, String reason, String description, boolean theft) {

    static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
    static final String USE_DPOP_NONCE = "use_dpop_nonce";
    static final String INVALID_GRANT = "invalid_grant";
    static final String INVALID_REQUEST = "invalid_request";

    static Refused of(String error, RefusalReason reason, String description) {
        return new Refused(error, reason.code(), description, false);
    }

    /** The proof failed a check of the validator (RFC 9449 §4.3). */
    static Refused invalid(InvalidProofException e) {
        return new Refused(INVALID_DPOP_PROOF, e.reason().code(), e.getMessage(), false);
    }

    public static Refused replay() {
        return of(INVALID_DPOP_PROOF, RefusalReason.REPLAY, "DPoP proof has already been used");
    }

    public static Refused client() {
        return of(INVALID_REQUEST, RefusalReason.CLIENT,
                "The client is named in a way that cannot be checked: send client_id as a form parameter");
    }
}
