package io.github.dpoprefresh.proof;

/**
 * A DPoP proof that passed every stateless check. Whether its {@code jti} was seen before is the caller's question.
 *
 * @param thumbprint RFC 7638 SHA-256 thumbprint of the proof key, base64url ({@code cnf.jkt})
 * @param nonce      the {@code nonce} claim (RFC 9449 §8), or null when the proof has none
 */
public record ValidProof(String jti, String htm, String htu, long iat, String algorithm, String thumbprint, String nonce) {
}
