package io.github.dpoprefresh.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProofValidatorTest {

    static final URI TOKEN = URI.create("https://sso.example.com/realms/demo/protocol/openid-connect/token");
    static final long NOW = 1_800_000_000L;

    final ProofValidator validator = new ProofValidator(ProofPolicy.defaults(), () -> NOW, ProofKeys.jdk());

    static ProofKey es256 = ProofKey.es256();

    @Nested
    @DisplayName("RFC test vectors")
    class Vectors {

        // RFC 9449 §4.2, figure 4
        static final String RFC9449_PROOF = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
                + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ"
                + ".2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

        @Test
        void rfc9449ExampleProofIsValidAndHasTheRfcThumbprint() throws Exception {
            ProofValidator atRfcTime = new ProofValidator(ProofPolicy.defaults(), () -> 1562262616L, ProofKeys.jdk());

            ValidProof proof = atRfcTime.validate(RFC9449_PROOF, "POST", URI.create("https://server.example.com/token"));

            assertThat(proof.thumbprint()).isEqualTo("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
            assertThat(proof.jti()).isEqualTo("-BwC3ESc6acc2lTc");
            assertThat(proof.iat()).isEqualTo(1562262616L);
            assertThat(proof.algorithm()).isEqualTo("ES256");
        }

        @Test
        void rfc9449ExampleProofIsTooOldToday() {
            assertRejected(() -> validator.validate(RFC9449_PROOF, "POST", URI.create("https://server.example.com/token")),
                    Reason.IAT);
        }

        @Test
        void rfc7638ExampleThumbprint() throws Exception {
            Map<String, Object> jwk = Map.of("kty", "RSA", "e", "AQAB", "alg", "RS256",
                    "kid", "2011-04-29", "n", "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw");

            // RFC 7638 §3.1 (its key, 2048 bits, in RS256 as in RFC 7515 Appendix A.2)
            assertThat(ProofKeys.publicKey(Map.of("jwk", jwk), "RS256").thumbprint())
                    .isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        }
    }

    @Nested
    @DisplayName("proofs made by Nimbus OAuth 2.0 SDK")
    class ThirdPartyProofs {

        static Stream<ProofKey> keys() {
            return Stream.of(ProofKey.es256(), ProofKey.es384(), ProofKey.rs256(), ProofKey.ps256(), ProofKey.edDsa());
        }

        @ParameterizedTest
        @MethodSource("keys")
        void areValidWithNimbusThumbprint(ProofKey key) throws Exception {
            ProofValidator realClock = new ProofValidator(ProofPolicy.defaults(), () -> System.currentTimeMillis() / 1000, ProofKeys.jdk());

            ValidProof proof = realClock.validate(key.proof("POST", TOKEN), "POST", TOKEN);

            assertThat(proof.thumbprint()).isEqualTo(key.thumbprint());
            assertThat(proof.algorithm()).isEqualTo(key.algorithm().getName());
        }
    }

    @Nested
    class Htu {

        @Test
        void queryAndFragmentAreIgnored() throws Exception {
            validator.validate(es256.signed(h -> { }, c -> c.claim("htu", TOKEN + "?a=b#c").issueTime(new java.util.Date(NOW * 1000)),
                    "POST", TOKEN), "POST", TOKEN);
            validator.validate(proof(TOKEN), "POST", URI.create(TOKEN + "?x=y"));
        }

        @Test
        void schemeAndHostCaseAndDefaultPortAreNormalised() throws Exception {
            validator.validate(proof(URI.create("HTTPS://SSO.Example.COM:443/realms/demo/protocol/openid-connect/token")),
                    "POST", TOKEN);
        }

        @Test
        void otherPathIsRejected() {
            assertRejected(() -> validator.validate(proof(URI.create("https://sso.example.com/realms/other/protocol/openid-connect/token")),
                    "POST", TOKEN), Reason.HTU);
        }

        @Test
        void pathCaseMatters() {
            assertRejected(() -> validator.validate(proof(URI.create("https://sso.example.com/realms/DEMO/protocol/openid-connect/token")),
                    "POST", TOKEN), Reason.HTU);
        }

        @Test
        void otherPortSchemeOrHostIsRejected() {
            for (String htu : new String[] {"https://sso.example.com:8443/realms/demo/protocol/openid-connect/token",
                    "http://sso.example.com/realms/demo/protocol/openid-connect/token",
                    "https://evil.example.com/realms/demo/protocol/openid-connect/token"}) {
                assertRejected(() -> validator.validate(proof(URI.create(htu)), "POST", TOKEN), Reason.HTU);
            }
        }

        @Test
        void relativeOrNonHttpHtuIsRejected() {
            for (String htu : new String[] {"/realms/demo/protocol/openid-connect/token", "urn:x:y", "ftp://sso.example.com/token",
                    "https://user@sso.example.com/realms/demo/protocol/openid-connect/token", "https://[bad"}) {
                assertRejected(() -> validator.validate(es256.signed(h -> { }, c -> c.claim("htu", htu), "POST", TOKEN),
                        "POST", TOKEN), Reason.HTU);
            }
        }
    }

    @Nested
    class Iat {

        @Test
        void edgesOfTheWindowAreAccepted() throws Exception {
            ProofPolicy policy = ProofPolicy.defaults();
            validator.validate(es256.proof("POST", TOKEN, NOW - policy.maxAgeSeconds() - policy.clockSkewSeconds()), "POST", TOKEN);
            validator.validate(es256.proof("POST", TOKEN, NOW + policy.clockSkewSeconds()), "POST", TOKEN);
        }

        @Test
        void oneSecondPastTheEdgesIsRejected() {
            ProofPolicy policy = ProofPolicy.defaults();
            assertRejected(() -> validator.validate(es256.proof("POST", TOKEN,
                    NOW - policy.maxAgeSeconds() - policy.clockSkewSeconds() - 1), "POST", TOKEN), Reason.IAT);
            assertRejected(() -> validator.validate(es256.proof("POST", TOKEN, NOW + policy.clockSkewSeconds() + 1),
                    "POST", TOKEN), Reason.IAT);
        }

        @Test
        void anHourOffIsRejected() {
            assertRejected(() -> validator.validate(es256.proof("POST", TOKEN, NOW - 3600), "POST", TOKEN), Reason.IAT);
            assertRejected(() -> validator.validate(es256.proof("POST", TOKEN, NOW + 3600), "POST", TOKEN), Reason.IAT);
        }

        @Test
        void replayLifespanCoversTheWholeWindowAndIsNeverZero() {
            ProofPolicy policy = ProofPolicy.defaults();
            long oldest = NOW - policy.maxAgeSeconds() - policy.clockSkewSeconds();
            assertThat(policy.replayLifespanSeconds(oldest, NOW)).isEqualTo(1);
            assertThat(policy.replayLifespanSeconds(NOW, NOW)).isEqualTo(policy.maxAgeSeconds() + policy.clockSkewSeconds() + 1);
            assertThat(policy.replayLifespanSeconds(NOW - 10_000, NOW)).isEqualTo(1);
        }

        @Test
        void nonIntegerIatIsRejected() {
            assertRejected(() -> validator.validate(raw(es256, header(es256), "{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + TOKEN
                    + "\",\"iat\":\"" + NOW + "\"}"), "POST", TOKEN), Reason.CLAIMS);
            assertRejected(() -> validator.validate(raw(es256, header(es256), "{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + TOKEN
                    + "\",\"iat\":" + NOW + ".5}"), "POST", TOKEN), Reason.CLAIMS);
        }
    }

    @Nested
    class Hostile {

        @Test
        void wrongOrMissingTypIsRejected() {
            assertRejected(() -> validator.validate(es256.signed(h -> h.type(new JOSEObjectType("jwt")), c -> { }, "POST", TOKEN),
                    "POST", TOKEN), Reason.TYP);
            assertRejected(() -> validator.validate(es256.signed(h -> h.type(null), c -> { }, "POST", TOKEN), "POST", TOKEN),
                    Reason.TYP);
        }

        @Test
        void unsecuredJwtIsRejected() {
            String header = b64("{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + es256.jwk().toPublicJWK().toJSONString() + "}");
            String payload = b64("{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}");
            assertRejected(() -> validator.validate(header + "." + payload + ".", "POST", TOKEN), Reason.MALFORMED);
            assertRejected(() -> validator.validate(header + "." + payload + ".AAAA", "POST", TOKEN), Reason.ALGORITHM);
        }

        @Test
        void hmacIsRejected() throws Exception {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt"))
                    .jwk(es256.jwk().toPublicJWK()).build();
            SignedJWT jwt = new SignedJWT(header, ProofKey.claims("POST", TOKEN).build());
            jwt.sign(new MACSigner(new byte[32]));
            assertRejected(() -> validator.validate(jwt.serialize(), "POST", TOKEN), Reason.ALGORITHM);
        }

        @Test
        void algorithmOutsideThePolicyIsRejected() {
            ProofValidator onlyEs256 = new ProofValidator(new ProofPolicy(Set.of("ES256"), 30, 30, 8192), () -> NOW, ProofKeys.jdk());
            ProofKey rsa = ProofKey.rs256();
            assertRejected(() -> onlyEs256.validate(rsa.proof("POST", TOKEN, NOW), "POST", TOKEN), Reason.ALGORITHM);
        }

        @Test
        void badSignatureIsRejected() {
            String proof = proof(TOKEN);
            String tampered = proof.substring(0, proof.lastIndexOf('.') + 1) + es256.proof("POST", TOKEN, NOW).split("\\.")[2];
            assertRejected(() -> validator.validate(tampered, "POST", TOKEN), Reason.SIGNATURE);
        }

        @Test
        void proofSignedByAnotherKeyThanItsJwkIsRejected() {
            ProofKey other = ProofKey.es256();
            String proof = other.signed(es256.header().build(), ProofKey.claims("POST", TOKEN).issueTime(new java.util.Date(NOW * 1000)).build());
            assertRejected(() -> validator.validate(proof, "POST", TOKEN), Reason.SIGNATURE);
        }

        @Test
        void privateKeyInJwkIsRejected() {
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + es256.jwk().toJSONString() + "}";
            assertRejected(() -> validator.validate(raw(es256, header, payload()), "POST", TOKEN), Reason.KEY);
        }

        @Test
        void keyByReferenceIsRejected() {
            for (String member : new String[] {"\"jku\":\"https://evil.example/jwks\"", "\"x5u\":\"https://evil.example/c\"",
                    "\"x5c\":[\"MIIB\"]"}) {
                String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"," + member + ",\"jwk\":"
                        + es256.jwk().toPublicJWK().toJSONString() + "}";
                assertRejected(() -> validator.validate(raw(es256, header, payload()), "POST", TOKEN), Reason.KEY);
            }
            String noJwk = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"kid\":\"k1\"}";
            assertRejected(() -> validator.validate(raw(es256, noJwk, payload()), "POST", TOKEN), Reason.KEY);
        }

        @Test
        void critHeaderIsRejected() {
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1,\"jwk\":"
                    + es256.jwk().toPublicJWK().toJSONString() + "}";
            assertRejected(() -> validator.validate(raw(es256, header, payload()), "POST", TOKEN), Reason.MALFORMED);
        }

        @Test
        void pointNotOnTheCurveIsRejected() {
            ECKey pub = ((ECKey) es256.jwk()).toPublicJWK();
            byte[] y = pub.getY().decode();
            y[y.length - 1] ^= 1;
            String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + pub.getX() + "\",\"y\":\"" + Base64URL.encode(y) + "\"}";
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}";
            assertRejected(() -> validator.validate(raw(es256, header, payload()), "POST", TOKEN), Reason.KEY);
        }

        @Test
        void curveThatDoesNotFitTheAlgorithmIsRejected() {
            ProofKey p384 = ProofKey.es384();
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + p384.jwk().toPublicJWK().toJSONString() + "}";
            assertRejected(() -> validator.validate(raw(es256, header, payload()), "POST", TOKEN), Reason.KEY);
        }

        @Test
        void rsaKeyUnder2048BitsIsRejected() throws Exception {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            java.security.KeyPair pair = generator.generateKeyPair();
            String jwk = new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) pair.getPublic()).build()
                    .toJSONString();
            String input = b64("{\"typ\":\"dpop+jwt\",\"alg\":\"RS256\",\"jwk\":" + jwk + "}") + "." + b64(payload());
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            String proof = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
            assertRejected(() -> validator.validate(proof, "POST", TOKEN), Reason.KEY);
        }

        @Test
        void wrongMethodIsRejected() {
            assertRejected(() -> validator.validate(es256.proof("GET", TOKEN, NOW), "POST", TOKEN), Reason.HTM);
            assertRejected(() -> validator.validate(es256.proof("post", TOKEN, NOW), "POST", TOKEN), Reason.HTM);
        }

        @Test
        void missingOrMistypedClaimsAreRejected() {
            for (String payload : new String[] {
                    "{\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}",
                    "{\"jti\":\"\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}",
                    "{\"jti\":42,\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}",
                    "{\"jti\":\"a\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}",
                    "{\"jti\":\"a\",\"htm\":\"POST\",\"iat\":" + NOW + "}",
                    "{\"jti\":\"a\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\"}",
                    "{\"jti\":\"" + "x".repeat(257) + "\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}"}) {
                assertRejected(() -> validator.validate(raw(es256, header(es256), payload), "POST", TOKEN), Reason.CLAIMS);
            }
        }

        @Test
        void duplicateMembersAreRejected() {
            String payload = "{\"jti\":\"a\",\"htm\":\"POST\",\"htm\":\"GET\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}";
            assertRejected(() -> validator.validate(raw(es256, header(es256), payload), "POST", TOKEN), Reason.MALFORMED);
        }

        @Test
        void invalidUtf8OrRawControlCharactersAreRejected() {
            // regression: jose4j decoded these to U+FFFD or took them as they were, and the proof was accepted
            byte[] overlong = payload().replace("\"htm\"", "\"x\":\"#\",\"htm\"").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < overlong.length; i++) {
                if (overlong[i] == '#') {
                    byte[] bad = new byte[overlong.length + 1];
                    System.arraycopy(overlong, 0, bad, 0, i);
                    bad[i] = (byte) 0xC0;
                    bad[i + 1] = (byte) 0xAF;
                    System.arraycopy(overlong, i + 1, bad, i + 2, overlong.length - i - 1);
                    String input = b64(header(es256)) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bad);
                    assertRejected(() -> validator.validate(es256.signed(input), "POST", TOKEN), Reason.MALFORMED);
                }
            }
            assertRejected(() -> validator.validate(raw(es256, header(es256), payload().replace("\"jti\":\"", "\"jti\":\"\u0000")),
                    "POST", TOKEN), Reason.MALFORMED);
            assertRejected(() -> validator.validate(raw(es256, header(es256).replace("dpop+jwt", "dpop+jwt\u0001"), payload()),
                    "POST", TOKEN), Reason.MALFORMED);
        }

        @Test
        void escapedControlCharactersAndWhitespaceAreJson() throws Exception {
            validator.validate(raw(es256, "{\n\t\"typ\" : \"dpop\\u002bjwt\",\r\n" + header(es256).substring(18),
                    payload().replace("\"jti\":\"", "\"jti\":\"\\u0000\\\"")), "POST", TOKEN);
        }

        @Test
        void ed25519KeyOfTheWrongLengthIsAKeyError() {
            // regression: a 7-byte key got as far as the signature check
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAAAAAAAA\"}}";
            assertRejected(() -> validator.validate(raw(es256, header, payload()), "POST", TOKEN), Reason.KEY);
        }

        @Test
        void garbageIsRejected() {
            for (String garbage : new String[] {"", " ", "a", "a.b", "a.b.c", "....", "eyJ.eyJ.sig", "{\"payload\":\"x\"}",
                    proof(TOKEN) + " ", "Bearer " + proof(TOKEN)}) {
                assertThatThrownBy(() -> validator.validate(garbage, "POST", TOKEN)).isInstanceOf(InvalidProofException.class);
            }
        }

        @Test
        void oversizedProofIsRejectedBeforeParsing() {
            assertRejected(() -> validator.validate("a".repeat(64 * 1024), "POST", TOKEN), Reason.TOO_LARGE);
        }

        @Test
        void extraClaimsAreAllowed() throws Exception {
            validator.validate(es256.signed(h -> h.keyID("k1"), c -> c.claim("foo", "bar").issueTime(new java.util.Date(NOW * 1000)),
                    "POST", TOKEN), "POST", TOKEN);
        }
    }

    static String proof(URI htu) {
        return es256.proof("POST", htu, NOW);
    }

    static String header(ProofKey key) {
        return "{\"typ\":\"dpop+jwt\",\"alg\":\"" + key.algorithm() + "\",\"jwk\":" + key.jwk().toPublicJWK().toJSONString() + "}";
    }

    static String payload() {
        return "{\"jti\":\"" + java.util.UUID.randomUUID() + "\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}";
    }

    /** Signs arbitrary header and payload JSON, byte for byte as given. */
    static String raw(ProofKey key, String headerJson, String payloadJson) {
        try {
            String input = b64(headerJson) + "." + b64(payloadJson);
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).build();
            Base64URL signature = new ECDSASigner((ECKey) key.jwk()).sign(header, input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertRejected(Call call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidProofException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

}
