package io.github.dpoprefresh.proof;

import java.net.URI;

import io.github.dpoprefresh.testing.ProofKey;

/**
 * The shared part of the fuzz tests of the proof code: the request, clock, validator and keys they fuzz with, and the
 * checks that turn a wrong answer into a finding ({@link #checkAccepted}, {@link #require}). Every fuzz test holds the
 * code to this: for any input, an answer or an {@link InvalidProofException}; any other exception or error is a
 * finding (Jazzer fails the test and keeps the input in
 * {@code src/test/resources/io/github/dpoprefresh/proof/<FuzzTest>Inputs/<method>/}, which then runs as a regression
 * test on every build).
 *
 * <p>Run: {@code mvn -B test} fuzzes each fuzz test for {@code fuzz.duration} (8 s by default); longer runs:
 * {@code mvn -B test -Pfuzz} (10 min each) or {@code -Dfuzz.duration=1h -Dfuzz.tests=ProofValidatorFuzzTest}.
 */
final class FuzzHarness {

    static final URI TOKEN = URI.create("https://sso.example.com/realms/demo/protocol/openid-connect/token");
    /** A fixed clock, so that a proof made for it stays valid for every run and seed. */
    static final long NOW = 1_800_000_000L;

    static final ProofValidator VALIDATOR = new ProofValidator(ProofPolicy.defaults(), () -> NOW, SignatureProviders.jdk());

    static final ProofKey ES256 = ProofKey.es256();
    static final ProofKey RS256 = ProofKey.rs256();
    static final ProofKey ED25519 = ProofKey.edDsa();

    private FuzzHarness() {
    }

    /** A valid proof for {@link #TOKEN} at {@link #NOW}. */
    static String validProof(ProofKey key) {
        return key.proof("POST", TOKEN, NOW);
    }

    /** What an accepted proof must satisfy, whatever input made it. */
    static void checkAccepted(ValidProof proof) {
        ProofPolicy policy = VALIDATOR.policy();
        require(proof.htm().equals("POST"), "accepted a proof with htm " + proof.htm());
        require(!proof.jti().isEmpty() && proof.jti().length() <= 256, "accepted a jti of length " + proof.jti().length());
        require(proof.iat() >= NOW - policy.maxAgeSeconds() - policy.clockSkewSeconds()
                && proof.iat() <= NOW + policy.clockSkewSeconds(), "accepted iat " + proof.iat());
        require(policy.allowedAlgorithms().contains(proof.algorithm()), "accepted alg " + proof.algorithm());
        require(proof.thumbprint() != null && proof.thumbprint().matches("[A-Za-z0-9_-]{43}"),
                "accepted a proof without a SHA-256 thumbprint");
        require(HttpChecks.normalized(URI.create(proof.htu())) != null, "accepted htu " + proof.htu());
    }

    static void require(boolean condition, String finding) {
        if (!condition) {
            throw new AssertionError(finding);
        }
    }
}
