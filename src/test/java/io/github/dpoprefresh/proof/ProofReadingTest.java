package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.ProofValidatorTest.NOW;
import static io.github.dpoprefresh.proof.ProofValidatorTest.TOKEN;
import static io.github.dpoprefresh.proof.ProofValidatorTest.b64;
import static io.github.dpoprefresh.proof.ProofValidatorTest.header;
import static io.github.dpoprefresh.proof.ProofValidatorTest.payload;
import static io.github.dpoprefresh.proof.ProofValidatorTest.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.Test;

/**
 * How the validator reads a proof since it reads header and payload with Jackson and checks keys itself
 * before jose4j makes them ({@link ProofKeys}): the cases where that reading could differ from jose4j's, each answered as
 * before or more strictly, the same with the JDK's providers and with BouncyCastle.
 */
class ProofReadingTest {

    static final ProofKey ES256 = ProofKey.es256();

    static List<ProofValidator> validators() {
        SignatureProvidersTest.registerBouncyCastle();
        return List.of(new ProofValidator(ProofPolicy.defaults(), () -> NOW, ProofKeys.jdk()),
                new ProofValidator(ProofPolicy.defaults(), () -> NOW, ProofKeys.fastest()));
    }

    @Test
    void aProofOfEveryKindIsAcceptedWithTheThumbprintNimbusComputes() throws Exception {
        for (ProofKey key : List.of(ES256, ProofKey.es384(), ProofKey.rs256(), ProofKey.ps256(), ProofKey.edDsa())) {
            for (ProofValidator validator : validators()) {
                assertThat(validator.validate(key.proof("POST", TOKEN, NOW), "POST", TOKEN).thumbprint())
                        .isEqualTo(key.thumbprint());
            }
        }
    }

    @Test
    void anUnencodedPayloadWithoutCritIsStillNoJsonObject() {
        // jose4j took b64 false even without crit and read the payload part as it is: never a JSON object
        String header = header(ES256).replace("{", "{\"b64\":false,");
        assertRefused(raw(ES256, header, payload()), Reason.MALFORMED, "payload is not a JSON object");
        assertAccepted(raw(ES256, header(ES256).replace("{", "{\"b64\":true,"), payload()));
    }

    @Test
    void aSignatureOfImpossibleBase64urlLengthIsRefused() throws Exception {
        // an ES384 signature is 128 characters: jose4j's decoder dropped a 129th and accepted the proof
        ProofKey es384 = ProofKey.es384();
        String proof = es384.proof("POST", TOKEN, NOW);
        for (ProofValidator validator : validators()) {
            assertThat(validator.validate(proof, "POST", TOKEN).thumbprint()).isEqualTo(es384.thumbprint());
        }
        assertRefused(proof + "A", Reason.SIGNATURE, "signature is invalid");
    }

    @Test
    void headerOrPayloadThatJose4jTookButIsNoJsonIsRefused() {
        String header = header(ES256);
        assertRefused(raw(ES256, header.replace(",\"alg\"", " \"alg\""), payload()), Reason.MALFORMED, "header is not valid JSON");
        assertRefused(raw(ES256, header.replace("}}", "},}"), payload()), Reason.MALFORMED, "header is not valid JSON");
        assertRefused(raw(ES256, header, payload().replace("\"iat\":", "\"iat\":0")), Reason.MALFORMED,
                "payload is not a JSON object");
        assertRefused(raw(ES256, header, payload().replace("\"htm\":\"POST\"", "\"htm\":\"\\POST\"")), Reason.MALFORMED,
                "payload is not a JSON object");
    }

    @Test
    void duplicateMembersAreRefusedAtAnyDepth() {
        assertRefused(raw(ES256, header(ES256).replace("\"kty\"", "\"kty\":\"EC\",\"kty\""), payload()),
                Reason.MALFORMED, "header is not valid JSON");
        assertRefused(raw(ES256, header(ES256), payload().replace("}", ",\"x\":[{\"a\":1,\"a\":1}]}")),
                Reason.MALFORMED, "payload is not a JSON object");
    }

    @Test
    void extraJwkMembersAreIgnoredButJose4jsMustHaveItsTypes() {
        String header = header(ES256);
        assertAccepted(raw(ES256, header.replace("\"kty\"", "\"x-extra\":[{}],\"kid\":\"k\",\"use\":\"sig\",\"kty\""), payload()));
        assertRefused(raw(ES256, header.replace("\"kty\"", "\"kid\":7,\"kty\""), payload()), Reason.KEY,
                "jwk is not a valid EC public key");
        assertRefused(raw(ES256, header.replace("\"kty\"", "\"key_ops\":\"verify\",\"kty\""), payload()), Reason.KEY,
                "jwk is not a valid EC public key");
    }

    @Test
    void anEd25519KeyThatIsNoPointFailsAsASignatureWithEitherProvider() {
        // y = 2 has no x on edwards25519: BouncyCastle refuses the key, the JDK only the signature
        byte[] x = new byte[32];
        x[0] = 2;
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(x) + "\"}}";
        String proof = b64(header) + "." + b64(payload()) + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[64]);
        assertRefused(proof, Reason.SIGNATURE, "signature is invalid");
    }

    private static void assertAccepted(String proof) {
        for (ProofValidator validator : validators()) {
            try {
                assertThat(validator.validate(proof, "POST", TOKEN).thumbprint()).isEqualTo(ES256.thumbprint());
            } catch (InvalidProofException e) {
                throw new AssertionError("refused: " + e.reason() + " " + e.getMessage(), e);
            }
        }
    }

    private static void assertRefused(String proof, Reason reason, String description) {
        for (ProofValidator validator : validators()) {
            assertThatThrownBy(() -> validator.validate(proof, "POST", TOKEN))
                    .isInstanceOfSatisfying(InvalidProofException.class, e -> {
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                        assertThat(e.getMessage()).contains(description);
                    });
        }
    }
}
