package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.InvalidProofException.Reason.KEY;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The proof key: RFC 9449 §4.3 item 7 ({@code jwk} is a public key that fits the algorithm), plus the checks that
 * keep a hostile key from costing us more than a normal one (RSA size and exponent, EC point on its curve).
 *
 * <p>A checked key is made straight from its encoded numbers by the provider that verifies its signatures, and its
 * RFC 7638 thumbprint is hashed from the same numbers: no intermediate JDK key object, no JSON writer. A {@code jwk}
 * with a certificate chain ({@code x5c}) goes through jose4j instead, which parses the chain and checks that it
 * holds the same key. The members jose4j reads when it makes a key must have the types it expects in either case.
 */
final class ProofKeys {

    /** JWK members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    /** Header parameters that point at a key elsewhere; a proof carries its key itself. */
    private static final Set<String> KEY_REFERENCES = Set.of("jku", "x5u", "x5c", "x5t", "x5t#S256");

    /** JWK members jose4j reads as strings ({@code JsonWebKey}, {@code PublicJsonWebKey}); {@code key_ops} is a list. */
    private static final Set<String> STRING_MEMBERS = Set.of("use", "kid", "alg", "x5t", "x5t#S256", "x5u");

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;

    /** A proof key that passed every check: the key object that verifies the signature, and its thumbprint. */
    record Key(PublicKey publicKey, String thumbprint) {
    }

    /** What the checks found: the key's encoded form and the JSON that its RFC 7638 thumbprint hashes. */
    private record Checked(Map<String, Object> members, String kty, KeySpec spec, String thumbprintInput) {
    }

    private ProofKeys() {
    }

    /**
     * The checked key of a proof header, made by the provider that verifies {@code algorithm}.
     *
     * @param header the proof's header, as {@link StrictJson} read it
     */
    static Key publicKey(Map<String, Object> header, String algorithm, SignatureProviders signatures)
            throws InvalidProofException {
        Checked checked = checked(header::get, algorithm);
        if (checked.members().containsKey("x5c")) {
            PublicJsonWebKey jwk = jose4jKey(checked);
            return new Key(signatures.verificationKey(jwk.getPublicKey(), algorithm), ProofValidator.thumbprint(jwk));
        }
        requireJose4jTypes(checked);
        PublicKey key;
        try {
            key = signatures.publicKey(algorithm, checked.spec());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw notAValidKey(checked);
        }
        return new Key(key, KeyEncodings.thumbprint(checked.thumbprintInput()));
    }

    /**
     * The same checks on a header that jose4j read, and the key as jose4j makes it. {@code ProofKeysFuzzTest} holds
     * the checks to independent ones through it.
     */
    static PublicJsonWebKey publicKey(JsonWebSignature jws, String algorithm) throws InvalidProofException {
        return jose4jKey(checked(jws.getHeaders()::getObjectHeaderValue, algorithm));
    }

    private static Checked checked(Function<String, Object> header, String algorithm) throws InvalidProofException {
        for (String reference : KEY_REFERENCES) {
            if (header.apply(reference) != null) {
                throw new InvalidProofException(KEY, "DPoP proof must carry its key in jwk, not in " + reference);
            }
        }
        if (!(header.apply("jwk") instanceof Map<?, ?> jwk)) {
            throw new InvalidProofException(KEY, "DPoP proof header has no jwk object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) jwk;
        for (String member : PRIVATE_MEMBERS) {
            if (members.containsKey(member)) {
                throw new InvalidProofException(KEY, "DPoP proof jwk must not contain private key material");
            }
        }
        String kty = KeyEncodings.string(members, "kty");
        String crv = members.containsKey("crv") ? KeyEncodings.string(members, "crv") : null;
        String expectedKty = switch (algorithm) {
            case "ES256", "ES384", "ES512" -> "EC";
            case "EdDSA" -> "OKP";
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> "RSA";
            default -> throw new InvalidProofException(KEY, "DPoP proof alg " + algorithm + " has no key type");
        };
        if (!expectedKty.equals(kty)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk kty must be " + expectedKty + " for alg " + algorithm);
        }
        return switch (algorithm) {
            case "ES256" -> ecKey(members, requireCurve(crv, "P-256", algorithm));
            case "ES384" -> ecKey(members, requireCurve(crv, "P-384", algorithm));
            case "ES512" -> ecKey(members, requireCurve(crv, "P-521", algorithm));
            case "EdDSA" -> okpKey(members, crv);
            default -> rsaKey(members);
        };
    }

    private static String requireCurve(String crv, String expected, String algorithm) throws InvalidProofException {
        if (!expected.equals(crv)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk crv must be " + expected + " for alg " + algorithm);
        }
        return crv;
    }

    /** Refuses points off the named curve (invalid-curve keys) before the signature is verified. */
    private static Checked ecKey(Map<String, Object> members, String crv) throws InvalidProofException {
        ECParameterSpec spec = EllipticCurves.getSpec(crv);
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        byte[] xBytes = KeyEncodings.decoded(members, "x");
        byte[] yBytes = KeyEncodings.decoded(members, "y");
        BigInteger x = new BigInteger(1, xBytes);
        BigInteger y = new BigInteger(1, yBytes);
        int coordinateBytes = (p.bitLength() + 7) / 8;
        if (xBytes.length != coordinateBytes || yBytes.length != coordinateBytes || x.compareTo(p) >= 0
                || y.compareTo(p) >= 0) {
            throw new InvalidProofException(KEY, "DPoP proof jwk coordinates do not fit curve " + crv);
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        if (!left.equals(right)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk point is not on curve " + crv);
        }
        return new Checked(members, "EC", KeyEncodings.x509(crv, xBytes, yBytes), "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\""
                + KeyEncodings.base64url(xBytes) + "\",\"y\":\"" + KeyEncodings.base64url(yBytes) + "\"}");
    }

    private static Checked okpKey(Map<String, Object> members, String crv) throws InvalidProofException {
        if (!"Ed25519".equals(crv) && !"Ed448".equals(crv)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk crv must be Ed25519 or Ed448 for alg EdDSA");
        }
        // RFC 8032 §5.1.5, §5.2.5: 32 or 57 bytes; the JDK takes other lengths and only fails at verification
        byte[] x = KeyEncodings.decoded(members, "x");
        if (x.length != ("Ed25519".equals(crv) ? 32 : 57)) {
            throw new InvalidProofException(KEY, "DPoP proof jwk x has the wrong length for curve " + crv);
        }
        return new Checked(members, "OKP", KeyEncodings.x509(crv, x, null), "{\"crv\":\"" + crv + "\",\"kty\":\"OKP\",\"x\":\""
                + KeyEncodings.base64url(x) + "\"}");
    }

    /** Sizes are checked on the encoded numbers, before any key object exists. */
    private static Checked rsaKey(Map<String, Object> members) throws InvalidProofException {
        BigInteger n = new BigInteger(1, KeyEncodings.decoded(members, "n"));
        BigInteger e = new BigInteger(1, KeyEncodings.decoded(members, "e"));
        if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
            throw new InvalidProofException(KEY, "DPoP proof RSA key must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS
                    + " bits");
        }
        // RFC 8017 §3.1: 3 <= e < n, odd; anything past 32 bits only makes verification slow
        if (e.bitLength() > 32 || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0)) {
            throw new InvalidProofException(KEY, "DPoP proof RSA exponent is not acceptable");
        }
        // RFC 7638 §3.2 with RFC 7518 §6.3.1: the numbers without leading zero bytes, as jose4j writes them
        return new Checked(members, "RSA", new RSAPublicKeySpec(n, e), "{\"e\":\"" + KeyEncodings.base64url(KeyEncodings.unsigned(e))
                + "\",\"kty\":\"RSA\",\"n\":\"" + KeyEncodings.base64url(KeyEncodings.unsigned(n)) + "\"}");
    }

    /**
     * jose4j casts these members when it makes a key, and refuses the key if one is of another type: so do we, for a
     * key that we make without jose4j.
     */
    private static void requireJose4jTypes(Checked checked) throws InvalidProofException {
        Map<String, Object> members = checked.members();
        for (String member : STRING_MEMBERS) {
            if (members.get(member) != null && !(members.get(member) instanceof String)) {
                throw notAValidKey(checked);
            }
        }
        if (members.get("key_ops") != null && !(members.get("key_ops") instanceof List)) {
            throw notAValidKey(checked);
        }
    }

    private static PublicJsonWebKey jose4jKey(Checked checked) throws InvalidProofException {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(checked.members());
            if (jwk.getPrivateKey() != null) {
                throw new InvalidProofException(KEY, "DPoP proof jwk must not contain private key material");
            }
            return jwk;
        } catch (JoseException | RuntimeException e) {
            throw notAValidKey(checked);
        }
    }

    private static InvalidProofException notAValidKey(Checked checked) {
        return new InvalidProofException(KEY, "DPoP proof jwk is not a valid " + checked.kty() + " public key");
    }
}
