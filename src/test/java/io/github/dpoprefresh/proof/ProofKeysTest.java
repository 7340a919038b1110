package io.github.dpoprefresh.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The keys that {@link ProofKeys} gives for a {@code jwk}: the key and RFC 7638 thumbprint of the key it was made from;
 * the members jose4j reads must have the types it reads them as.
 */
class ProofKeysTest {

    /** A self-signed P-256 certificate (keytool) and the coordinates of its key. */
    static final String CERTIFICATE = "MIIBNzCB3qADAgECAgkAh25+NJ4dC38wCgYIKoZIzj0EAwIwDzENMAsGA1UEAxMEdGVzdDAgFw0yNjEyMDIxMjAxMjNaGA8yMTI2"
            + "MTEwODEyMDEyM1owDzENMAsGA1UEAxMEdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCtbH6SWj6GqvZ6Y8nt/sPCMRZJvpw2SXoqF"
            + "u6ZMa3D+SNgPdNrsdVP/DjNQx6qXqcovZPBpTvhX1EoxmHi54R2jITAfMB0GA1UdDgQWBBT3AdjGuiiVVK5DR+27mhWrwlGZxzAKBggqhkjO"
            + "PQQDAgNIADBFAiAXC2xEAdhI0yIhJ1roVjEKNVsu47EQvw0BnBQfbYz0gAIhAI7S02i7ukr5mM1gyKA9S9/i7GtbpEl/sPQ9Or5mW1kN";
    static final String CERTIFICATE_X = "K1sfpJaPoaq9npjye3-w8IxFkm-nDZJeioW7pkxrcP4";
    static final String CERTIFICATE_Y = "SNgPdNrsdVP_DjNQx6qXqcovZPBpTvhX1EoxmHi54R0";

    static Stream<Arguments> keys() throws Exception {
        return Stream.of(
                arguments("ES256", ec("secp256r1")), arguments("ES384", ec("secp384r1")), arguments("ES512", ec("secp521r1")),
                arguments("EdDSA", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()),
                arguments("EdDSA", KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic()),
                arguments("RS256", rsa(2048)), arguments("PS512", rsa(4096)));
    }

    static Arguments arguments(String algorithm, PublicKey key) {
        return Arguments.of(algorithm, key);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void theKeyAndThumbprintAreJose4js(String algorithm, PublicKey jdkKey) throws Exception {
        Map<String, Object> jwk = PublicJsonWebKey.Factory.newPublicJwk(jdkKey).toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        String jose4jThumbprint = PublicJsonWebKey.Factory.newPublicJwk(jdkKey).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);

        ProofKeys.Key key = ProofKeys.publicKey(Map.of("jwk", jwk), algorithm);

        assertThat(key.thumbprint()).isEqualTo(jose4jThumbprint);
        assertThat(key.publicKey().getEncoded()).isEqualTo(jdkKey.getEncoded());
    }

    @Test
    void anRsaModulusWithALeadingZeroByteHasTheThumbprintOfTheNumber() throws Exception {
        PublicKey rsa = rsa(2048);
        Map<String, Object> jwk = new HashMap<>(PublicJsonWebKey.Factory.newPublicJwk(rsa).toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        String thumbprint = PublicJsonWebKey.Factory.newPublicJwk(rsa).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        byte[] n = java.util.Base64.getUrlDecoder().decode((String) jwk.get("n"));
        byte[] padded = new byte[n.length + 1];
        System.arraycopy(n, 0, padded, 1, n.length);
        jwk.put("n", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(padded));

        assertThat(ProofKeys.publicKey(Map.of("jwk", jwk), "RS256").thumbprint()).isEqualTo(thumbprint);
    }

    @Test
    void aJwkWithTheCertificateOfItsKeyIsAcceptedAsJose4jAcceptsIt() throws Exception {
        Map<String, Object> jwk = Map.of("kty", "EC", "crv", "P-256", "x", CERTIFICATE_X, "y", CERTIFICATE_Y,
                "x5c", List.of(CERTIFICATE));

        ProofKeys.Key key = ProofKeys.publicKey(Map.of("jwk", jwk), "ES256");

        assertThat(key.thumbprint()).isEqualTo(PublicJsonWebKey.Factory.newPublicJwk(jwk)
                .calculateBase64urlEncodedThumbprint(HashUtil.SHA_256));
    }

    @Test
    void aJwkWithTheCertificateOfAnotherKeyIsRefused() throws Exception {
        Map<String, Object> jwk = new HashMap<>(PublicJsonWebKey.Factory.newPublicJwk(ec("secp256r1"))
                .toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        jwk.put("x5c", List.of(CERTIFICATE));
        assertKeyRefused(jwk, "ES256", "jwk is not a valid EC public key");
        jwk.put("x5c", List.of("not a certificate"));
        assertKeyRefused(jwk, "ES256", "jwk is not a valid EC public key");
    }

    @Test
    void membersThatJose4jReadsMustHaveItsTypes() throws Exception {
        Map<String, Object> good = PublicJsonWebKey.Factory.newPublicJwk(ec("secp256r1"))
                .toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        for (String member : List.of("use", "kid", "alg", "x5t", "x5t#S256", "x5u", "key_ops")) {
            Map<String, Object> jwk = new HashMap<>(good);
            jwk.put(member, 1L);
            assertKeyRefused(jwk, "ES256", "jwk is not a valid EC public key");

            jwk.put(member, member.equals("key_ops") ? List.of("verify") : "v");
            assertThat(ProofKeys.publicKey(Map.of("jwk", jwk), "ES256")).isNotNull();
            jwk.put(member, null);
            assertThat(ProofKeys.publicKey(Map.of("jwk", jwk), "ES256")).isNotNull();
        }
    }

    @Test
    void aJwkWithoutCrvIsRefusedByItsCurve() throws Exception {
        // regression inputs ec-jwk-without-crv, okp-jwk-without-crv: the curve table must not be asked for null
        Map<String, Object> ec = new HashMap<>(PublicJsonWebKey.Factory.newPublicJwk(ec("secp256r1"))
                .toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        ec.remove("crv");
        assertKeyRefused(ec, "ES256", "crv must be P-256 for alg ES256");
        assertKeyRefused(Map.of("kty", "OKP", "x", "AA"), "EdDSA", "crv must be Ed25519 or Ed448 for alg EdDSA");
    }

    private static void assertKeyRefused(Map<String, Object> jwk, String algorithm, String message) {
        assertThatThrownBy(() -> ProofKeys.publicKey(Map.of("jwk", jwk), algorithm))
                .isInstanceOfSatisfying(InvalidProofException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEY);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    static PublicKey ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair().getPublic();
    }

    static PublicKey rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair().getPublic();
    }
}
