package io.github.dpoprefresh.proof;

import static io.github.dpoprefresh.proof.FuzzHarness.ED25519;
import static io.github.dpoprefresh.proof.FuzzHarness.ES256;
import static io.github.dpoprefresh.proof.FuzzHarness.RS256;
import static io.github.dpoprefresh.proof.FuzzHarness.TOKEN;
import static io.github.dpoprefresh.proof.FuzzHarness.VALIDATOR;
import static io.github.dpoprefresh.proof.FuzzHarness.validProof;

import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole validator on any {@code DPoP} header value, seeded with valid proofs of three key types: an answer or an
 * {@link InvalidProofException}, never anything else; and whatever it accepts is a sound proof
 * ({@link FuzzHarness#checkAccepted}). See {@link FuzzHarness} for how to run it longer.
 */
class ProofValidatorFuzzTest {

    static Stream<String> anyHeaderValue() {
        return Stream.of(validProof(ES256), validProof(RS256), validProof(ED25519), "a.b.c",
                "eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.AA");
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void anyHeaderValue(@NotNull @WithUtf8Length(max = 10_000) String headerValue) {
        ValidProof proof;
        try {
            proof = VALIDATOR.validate(headerValue, "POST", TOKEN);
        } catch (InvalidProofException expected) {
            return;
        }
        FuzzHarness.checkAccepted(proof);
    }
}
