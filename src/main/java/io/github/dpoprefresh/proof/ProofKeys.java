package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.KEY;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * The proof key: RFC 9449 §4.3 item 7 ({@code jwk} is a public key that fits the algorithm), plus the checks that
 * keep a hostile key from costing us more than a normal one (RSA size and exponent, EC point on its curve). Our checks
 * run on the members first, before any key object exists; then jose4j makes the key (and checks an {@code x5c} chain
 * against it) and computes its RFC 7638 thumbprint.
 */
final class ProofKeys {

    /** JWK members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    /** Header parameters that point at a key elsewhere; a proof carries its key itself. */
    private static final Set<String> KEY_REFERENCES = Set.of("jku", "x5u", "x5c", "x5t", "x5t#S256");

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;

    /** A proof key that passed every check: the key object that verifies the signature, and its thumbprint. */
    record Key(PublicKey publicKey, String thumbprint) {
    }

    private ProofKeys() {
    }

    /** The checked key of a proof header, made by the provider that verifies {@code algorithm}. */
    static Key publicKey(Map<String, Object> header, String algorithm, SignatureProviders signatures)
            throws InvalidProofException {
        for (String reference : KEY_REFERENCES) {
            if (header.get(reference) != null) {
                throw new InvalidProofException(KEY, "DPoP proof must carry its key in jwk, not in " + reference);
            }
        }
        if (!(header.get("jwk") instanceof Map<?, ?> members)) {
            throw new InvalidProofException(KEY, "DPoP proof header has no jwk object");
        }
        if (PRIVATE_MEMBERS.stream().anyMatch(members::containsKey)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk must not contain private key material");
        }
        String kty = string(members, "kty");
        String crv = members.containsKey("crv") ? string(members, "crv") : null;
        String expectedKty = switch (algorithm) {
            case "ES256", "ES384", "ES512" -> "EC";
            case "EdDSA" -> "OKP";
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> "RSA";
            default -> throw new InvalidProofException(KEY, "DPoP proof alg " + algorithm + " has no key type");
        };
        if (!expectedKty.equals(kty)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk kty must be " + expectedKty + " for alg " + algorithm);
        }
        switch (algorithm) {
            case "ES256" -> checkEcPoint(members, requireCurve(crv, "P-256", algorithm));
            case "ES384" -> checkEcPoint(members, requireCurve(crv, "P-384", algorithm));
            case "ES512" -> checkEcPoint(members, requireCurve(crv, "P-521", algorithm));
            case "EdDSA" -> checkOkpKey(members, crv);
            default -> checkRsaNumbers(members);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = (Map<String, Object>) members;
        try {
            PublicJsonWebKey key;
            try {
                key = PublicJsonWebKey.Factory.newPublicJwk(jwk, signatures.keyProvider(algorithm));
            } catch (JoseException | RuntimeException refusedByThePreferredProvider) {
                // as the JDK's key, which that provider then verifies or refuses (e.g. an Ed25519 x off the curve)
                key = PublicJsonWebKey.Factory.newPublicJwk(jwk);
            }
            return new Key(key.getPublicKey(), key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
        } catch (JoseException | RuntimeException e) {
            // e.g. a member that jose4j reads as a string (kid, use, alg) or a list (key_ops) of another type
            throw new InvalidProofException(KEY, "DPoP proof jwk is not a valid " + kty + " public key");
        }
    }

    private static String requireCurve(String crv, String expected, String algorithm) throws InvalidProofException {
        if (!expected.equals(crv)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk crv must be " + expected + " for alg " + algorithm);
        }
        return crv;
    }

    /** RFC 7518 §6.2.1: coordinates of the curve's full length, below its prime, and a point on it (invalid-curve keys). */
    private static void checkEcPoint(Map<?, ?> members, String crv) throws InvalidProofException {
        ECParameterSpec spec = EllipticCurves.getSpec(crv);
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        byte[] xBytes = decoded(members, "x");
        byte[] yBytes = decoded(members, "y");
        BigInteger x = new BigInteger(1, xBytes);
        BigInteger y = new BigInteger(1, yBytes);
        int coordinateBytes = (p.bitLength() + 7) / 8;
        if (xBytes.length != coordinateBytes || yBytes.length != coordinateBytes || x.compareTo(p) >= 0
                || y.compareTo(p) >= 0) {
            throw new InvalidProofException(KEY, "DPoP proof jwk coordinates do not fit curve " + crv);
        }
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        if (!y.multiply(y).mod(p).equals(right)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk point is not on curve " + crv);
        }
    }

    /** RFC 8037 §2 and RFC 8032 §5.1.5, §5.2.5: 32 or 57 bytes; the JDK takes other lengths and fails at verification. */
    private static void checkOkpKey(Map<?, ?> members, String crv) throws InvalidProofException {
        if (!"Ed25519".equals(crv) && !"Ed448".equals(crv)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk crv must be Ed25519 or Ed448 for alg EdDSA");
        }
        if (decoded(members, "x").length != ("Ed25519".equals(crv) ? 32 : 57)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk x has the wrong length for curve " + crv);
        }
    }

    /** RFC 7518 §6.3.1 and RFC 8017 §3.1: sizes checked on the encoded numbers, before any key object exists. */
    private static void checkRsaNumbers(Map<?, ?> members) throws InvalidProofException {
        BigInteger n = new BigInteger(1, decoded(members, "n"));
        BigInteger e = new BigInteger(1, decoded(members, "e"));
        if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
            throw new InvalidProofException(KEY, "DPoP proof RSA key must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS
                    + " bits");
        }
        // 3 <= e < n, odd; anything past 32 bits only makes verification slow
        if (e.bitLength() > 32 || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw new InvalidProofException(KEY, "DPoP proof RSA exponent is not acceptable");
        }
    }

    private static String string(Map<?, ?> members, String name) throws InvalidProofException {
        if (!(members.get(name) instanceof String value)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk " + name + " is missing or not a string");
        }
        return value;
    }

    /** RFC 7515 §2: base64url without padding, strictly (jose4j's own decoder skips characters outside it). */
    private static byte[] decoded(Map<?, ?> members, String name) throws InvalidProofException {
        try {
            return Base64.getUrlDecoder().decode(string(members, name));
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(KEY, "DPoP proof jwk " + name + " is not base64url");
        }
    }
}
