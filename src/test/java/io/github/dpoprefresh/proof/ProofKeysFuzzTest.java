package io.github.dpoprefresh.proof;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof key checks ({@link ProofKeys#publicKey}) on any {@code alg} and {@code jwk}: an answer or an
 * {@link InvalidProofException}; and a key that is accepted is checked again independently: an EC point lies on its
 * curve, an RSA key has 2048 to 8192 bits and an exponent of at most 32 bits, and jose4j's RFC 7638 thumbprint is
 * the one hashed here from the members' numbers, as the validator computed it before jose4j did. Since issue 24 the
 * key is the same whichever provider verifies (jose4j makes the JDK's; {@link ProofKeys#verifies} copies it for
 * BouncyCastle), so the JDK-against-BouncyCastle comparison of this test moved to the signature
 * ({@code SignatureProvidersTest}, {@code HostileProofsTest} and {@code ProofReadingTest} run both).
 */
class ProofKeysFuzzTest {

    static Stream<Arguments> algAndJwk() {
        return Stream.of(
                arguments("ES256", FuzzHarness.ES256.jwk().toPublicJWK().toJSONString()),
                arguments("RS256", FuzzHarness.RS256.jwk().toPublicJWK().toJSONString()),
                arguments("EdDSA", FuzzHarness.ED25519.jwk().toPublicJWK().toJSONString()),
                arguments("ES384", "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}"),
                arguments("PS512", "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"d\":\"AQAB\"}"),
                arguments("EdDSA", "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}"),
                arguments("ES256", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"kid\":1,\"key_ops\":[]}"));
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void algAndJwk(@NotNull @WithUtf8Length(max = 40) String alg, @NotNull @WithUtf8Length(max = 3_000) String jwk) {
        Map<String, Object> header = ProofJsonTest.read("{\"jwk\":" + jwk + "}");
        if (header == null) {
            return;
        }
        ProofKeys.Key key;
        try {
            key = ProofKeys.publicKey(header, alg);
        } catch (InvalidProofException refused) {
            return;
        }
        Map<?, ?> members = (Map<?, ?>) header.get("jwk");
        String thumbprintInput;
        if (key.publicKey() instanceof ECPublicKey ec) {
            EllipticCurve curve = ec.getParams().getCurve();
            BigInteger p = ((ECFieldFp) curve.getField()).getP();
            ECPoint w = ec.getW();
            BigInteger x = w.getAffineX();
            BigInteger y = w.getAffineY();
            FuzzHarness.require(y.pow(2).subtract(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB())).mod(p)
                    .signum() == 0, "accepted an EC point off its curve");
            thumbprintInput = "{\"crv\":\"" + members.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + canonical(members, "x")
                    + "\",\"y\":\"" + canonical(members, "y") + "\"}";
        } else if (key.publicKey() instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            FuzzHarness.require(bits >= 2048 && bits <= 8192, "accepted an RSA key of " + bits + " bits");
            FuzzHarness.require(rsa.getPublicExponent().bitLength() <= 32, "accepted a huge RSA exponent");
            thumbprintInput = "{\"e\":\"" + unsigned(rsa.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                    + unsigned(rsa.getModulus()) + "\"}";
        } else {
            FuzzHarness.require(key.publicKey() instanceof EdECPublicKey, "accepted a key of another type");
            thumbprintInput = "{\"crv\":\"" + members.get("crv") + "\",\"kty\":\"OKP\",\"x\":\"" + canonical(members, "x")
                    + "\"}";
        }
        FuzzHarness.require(key.thumbprint().equals(sha256(thumbprintInput)), "thumbprint " + key.thumbprint()
                + " is not that of " + thumbprintInput);
    }

    /** The member's bytes, base64url-encoded again: RFC 7638 §3 hashes the canonical encoding. */
    private static String canonical(Map<?, ?> members, String name) {
        return base64url(Base64.getUrlDecoder().decode((String) members.get(name)));
    }

    private static String unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        return base64url(bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String text) {
        try {
            return base64url(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
