package io.github.dpoprefresh.binding;

import java.util.List;
import java.util.function.Predicate;

import io.github.dpoprefresh.binding.BindingPolicy.Check;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.github.dpoprefresh.proof.ValidProof;

/**
 * What a request's {@code DPoP} headers come to, once {@link BindingPolicy#check} has said what it must bring. Pure:
 * the caller reads the headers, validates the one proof and knows the client's nonces; this decides, in the order of
 * RFC 9449: nonces available, present (where needed), one header, valid (§4.3), nonce (§8), key of the bound token
 * (§5). Whether the proof was used before is the caller's last step, since remembering it writes.
 */
public final class ProofDecision {

    /** What the request brings. */
    public sealed interface Decision {
    }

    /** No proof, and none is needed. */
    public record NoProof() implements Decision {
    }

    /** A valid proof, to be checked for replay, then used. */
    public record Accepted(ValidProof proof) implements Decision {
    }

    /** Refused, before anything of the request is consumed. */
    public record Refusal(Refused refused) implements Decision {
    }

    /** The one proof of a request, as the validator read it: a {@link ValidProof} or its {@link InvalidProofException}. */
    public record Reading(ValidProof proof, InvalidProofException invalid) {
    }

    /**
     * The client's server nonces (RFC 9449 §8).
     *
     * @param required  the client needs them ({@code dpop.refresh.require-nonce})
     * @param available the realm can make them (it has a key)
     * @param valid     whether a proof's nonce (null when it has none) is current
     */
    public record Nonces(boolean required, boolean available, Predicate<String> valid) {
        public static final Nonces NOT_REQUIRED = new Nonces(false, true, nonce -> true);
    }

    private ProofDecision() {
    }

    /**
     * @param check   what the request must bring ({@link Check#NONE} is not asked here: nothing is read then)
     * @param boundTo the thumbprint the presented refresh token is bound to ({@link Check#BOUND_KEY})
     * @param headers the request's {@code DPoP} header values
     * @param reading the validator's reading of the one header; read only when there is exactly one
     */
    public static Decision decide(Check check, String boundTo, List<String> headers, Nonces nonces,
            java.util.function.Supplier<Reading> reading) {
        if (nonces.required() && !nonces.available()) {
            return refuse(Refused.of(Refused.INVALID_REQUEST, RefusalReason.NONCE_UNAVAILABLE,
                    "The server cannot issue DPoP nonces for this realm"));
        }
        if (headers == null || headers.isEmpty()) {
            return switch (check) {
                case BOUND_KEY -> refuse(new Refused(Refused.INVALID_DPOP_PROOF, RefusalReason.MISSING.code(),
                        "DPoP proof is missing: the refresh token is bound to a DPoP key", true));
                case REQUIRED -> refuse(Refused.of(Refused.INVALID_DPOP_PROOF, RefusalReason.MISSING,
                        "DPoP proof is missing: this client requires one on every token request"));
                default -> new NoProof();
            };
        }
        if (headers.size() > 1) {
            return refuse(Refused.of(Refused.INVALID_DPOP_PROOF, RefusalReason.MULTIPLE,
                    "Exactly one DPoP header is allowed, got " + headers.size()));
        }
        Reading read = reading.get();
        if (read.invalid() != null) {
            return refuse(Refused.invalid(read.invalid()));
        }
        ValidProof proof = read.proof();
        if (nonces.required() && !nonces.valid().test(proof.nonce())) {
            return refuse(Refused.of(Refused.USE_DPOP_NONCE, RefusalReason.NONCE, proof.nonce() == null
                    ? "Authorization server requires nonce in DPoP proof"
                    : "DPoP proof nonce is invalid or expired: use the one in the DPoP-Nonce header"));
        }
        if (check == Check.BOUND_KEY && !boundTo.equals(proof.thumbprint())) {
            return refuse(new Refused(Refused.INVALID_GRANT, RefusalReason.KEY_MISMATCH.code(),
                    "The refresh token is bound to another DPoP key", true));
        }
        return new Accepted(proof);
    }

    private static Decision refuse(Refused refused) {
        return new Refusal(refused);
    }
}
