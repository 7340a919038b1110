package io.github.dpoprefresh.proof;

import java.util.Set;

/**
 * What a DPoP proof must satisfy beyond the fixed RFC 9449 §4.3 checks.
 *
 * @param allowedAlgorithms JWS algorithms accepted for proofs (asymmetric only; {@code none} and HMAC are never accepted)
 * @param maxAgeSeconds     how old (by its {@code iat}) a proof may be when it arrives
 * @param clockSkewSeconds  tolerated difference between the client's clock and ours, in both directions
 * @param maxLength         longest proof accepted, in characters, checked before anything is parsed
 */
public record ProofPolicy(Set<String> allowedAlgorithms, int maxAgeSeconds, int clockSkewSeconds, int maxLength) {

    /** Every asymmetric algorithm that Keycloak itself can verify. */
    public static final Set<String> ALL_ALGORITHMS = Set.of(
            "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA");

    public static final int DEFAULT_MAX_LENGTH = 8192;

    public ProofPolicy {
        allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        if (allowedAlgorithms.isEmpty() || !ALL_ALGORITHMS.containsAll(allowedAlgorithms)) {
            throw new IllegalArgumentException("allowed algorithms must be a non-empty subset of " + ALL_ALGORITHMS
                    + ", got " + allowedAlgorithms);
        }
        if (maxAgeSeconds < 1 || clockSkewSeconds < 0 || maxLength < 256) {
            throw new IllegalArgumentException("max age must be >= 1 s, clock skew >= 0 s, max length >= 256");
        }
    }

    public static ProofPolicy defaults() {
        return new ProofPolicy(ALL_ALGORITHMS, 30, 30, DEFAULT_MAX_LENGTH); // max age and clock skew, seconds
    }

    /**
     * How long a proof issued at {@code iat} must be remembered, from {@code now}, so that it cannot be replayed
     * while it is still acceptable: never less than one second (every replay store rejects a lifespan of 0).
     */
    public int replayLifespanSeconds(long iat, long now) {
        long lifespan = iat + maxAgeSeconds + clockSkewSeconds - now + 1;
        return (int) Math.max(1, Math.min(lifespan, Integer.MAX_VALUE));
    }
}
