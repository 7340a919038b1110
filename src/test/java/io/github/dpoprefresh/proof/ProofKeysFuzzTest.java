package io.github.dpoprefresh.proof;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof key checks ({@link ProofKeys#publicKey}) on any {@code alg} and {@code jwk}: an answer or an
 * {@link InvalidProofException}; and a key that is accepted is checked again independently: an EC point lies on its
 * curve, an RSA key has 2048 to 8192 bits and an exponent of at most 32 bits, and its thumbprint can be computed.
 */
class ProofKeysFuzzTest {

    static Stream<Arguments> algAndJwk() {
        return Stream.of(
                arguments("ES256", FuzzHarness.ES256.jwk().toPublicJWK().toJSONString()),
                arguments("RS256", FuzzHarness.RS256.jwk().toPublicJWK().toJSONString()),
                arguments("EdDSA", FuzzHarness.ED25519.jwk().toPublicJWK().toJSONString()),
                arguments("ES384", "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}"),
                arguments("PS512", "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"d\":\"AQAB\"}"));
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void algAndJwk(@NotNull @WithUtf8Length(max = 40) String alg, @NotNull @WithUtf8Length(max = 3_000) String jwk) {
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.getHeaders().setFullHeaderAsJsonString("{\"jwk\":" + jwk + "}");
        } catch (JoseException | RuntimeException notJsonAtAll) {
            return;
        }
        PublicJsonWebKey key;
        try {
            key = ProofKeys.publicKey(jws, alg);
            ProofValidator.thumbprint(key);
        } catch (InvalidProofException expected) {
            return;
        }
        if (key.getPublicKey() instanceof ECPublicKey ec) {
            EllipticCurve curve = ec.getParams().getCurve();
            BigInteger p = ((ECFieldFp) curve.getField()).getP();
            ECPoint w = ec.getW();
            BigInteger x = w.getAffineX();
            BigInteger y = w.getAffineY();
            FuzzHarness.require(y.pow(2).subtract(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB())).mod(p)
                    .signum() == 0, "accepted an EC point off its curve");
        } else if (key.getPublicKey() instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            FuzzHarness.require(bits >= 2048 && bits <= 8192, "accepted an RSA key of " + bits + " bits");
            FuzzHarness.require(rsa.getPublicExponent().bitLength() <= 32, "accepted a huge RSA exponent");
        }
        FuzzHarness.require(key.getPrivateKey() == null, "accepted private key material");
    }
}
