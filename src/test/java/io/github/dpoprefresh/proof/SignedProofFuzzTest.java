package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.FuzzHarness.ES256;
import static io.github.dpoprefresh.proof.FuzzHarness.NOW;
import static io.github.dpoprefresh.proof.FuzzHarness.TOKEN;
import static io.github.dpoprefresh.proof.FuzzHarness.VALIDATOR;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header and payload JSON chosen by the fuzzer, correctly encoded and signed with a fixed ES256 key, so that the
 * fuzzer gets past the signature to the {@code typ}/{@code alg}/{@code jwk}, claim, {@code htm}, {@code htu} and
 * {@code iat} checks. {@code $JWK} in the header stands for the signing key's public JWK. Same contract as
 * {@link ProofValidatorFuzzTest}.
 */
class SignedProofFuzzTest {

    static final String JWK = ES256.jwk().toPublicJWK().toJSONString();
    static final String HEADER = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":$JWK}";
    static final String CLAIMS = "{\"jti\":\"j-1\",\"htm\":\"POST\",\"htu\":\"" + TOKEN + "\",\"iat\":" + NOW + "}";

    static Stream<Arguments> headerAndPayload() {
        return Stream.of(
                arguments(HEADER, CLAIMS),
                arguments(HEADER.replace("$JWK", "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}").replace("ES256", "RS256"),
                        CLAIMS),
                arguments(HEADER, "{\"jti\":\"j-2\",\"htm\":\"POST\",\"htu\":\"HTTPS://SSO.example.com:443/realms/demo/"
                        + "protocol/openid-connect/./token?q#f\",\"iat\":" + (NOW - 59) + ",\"x\":[[{}]]}"),
                arguments("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"crit\":[\"b64\"],\"b64\":false,\"jwk\":$JWK}", CLAIMS),
                arguments(HEADER, "{\"jti\":7,\"htm\":\"GET\",\"htu\":\"urn:x\",\"iat\":1.5}"));
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void headerAndPayload(@NotNull @WithUtf8Length(max = 2_000) String header,
            @NotNull @WithUtf8Length(max = 4_000) String payload) {
        String proof;
        try {
            proof = ES256.signed(b64(header.replace("$JWK", JWK)) + "." + b64(payload));
        } catch (IllegalStateException cannotSign) {
            return;
        }
        ValidProof accepted;
        try {
            accepted = VALIDATOR.validate(proof, "POST", TOKEN);
        } catch (InvalidProofException expected) {
            return;
        }
        FuzzHarness.checkAccepted(accepted);
        FuzzHarness.require(accepted.thumbprint().equals(ES256.thumbprint()), "accepted a proof for another key");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
