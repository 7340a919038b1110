package io.github.dpoprefresh.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.dpoprefresh.binding.BindingPolicy.Check;
import io.github.dpoprefresh.binding.ProofDecision.Accepted;
import io.github.dpoprefresh.binding.ProofDecision.Decision;
import io.github.dpoprefresh.binding.ProofDecision.NoProof;
import io.github.dpoprefresh.binding.ProofDecision.Nonces;
import io.github.dpoprefresh.binding.ProofDecision.Reading;
import io.github.dpoprefresh.binding.ProofDecision.Refusal;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.github.dpoprefresh.proof.ValidProof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a request's DPoP headers come to, row by row, in RFC 9449's order. */
class ProofDecisionTest {

    private static final String KEY = "key-thumbprint";
    private static final ValidProof PROOF = new ValidProof("jti", "POST", "https://sso/token", 1, "ES256", KEY, "n1");
    private static final ValidProof OTHER_KEY = new ValidProof("jti", "POST", "https://sso/token", 1, "ES256", "other",
            null);
    private static final Nonces N1 = new Nonces(true, true, "n1"::equals);

    private static Decision decide(Check check, List<String> headers, Nonces nonces, ValidProof proof) {
        return ProofDecision.decide(check, KEY, headers, nonces, () -> new Reading(proof, null));
    }

    private static Refused refused(Decision decision) {
        assertThat(decision).isInstanceOf(Refusal.class);
        return ((Refusal) decision).refused();
    }

    @ParameterizedTest(name = "{0}, no header -> {1}")
    @CsvSource(nullValues = "null", value = {
            "IF_PRESENT, null",
            "REQUIRED,   missing",
            "BOUND_KEY,  missing",
    })
    void noHeader(Check check, String reason) {
        for (List<String> none : java.util.Arrays.asList(null, List.<String>of())) {
            Decision decision = decide(check, none, Nonces.NOT_REQUIRED, PROOF);
            if (reason == null) {
                assertThat(decision).isInstanceOf(NoProof.class);
            } else {
                Refused refused = refused(decision);
                assertThat(refused.error()).isEqualTo("invalid_dpop_proof");
                assertThat(refused.reason()).isEqualTo(reason);
                assertThat(refused.theft()).as("a bound token without a proof is a theft").isEqualTo(check == Check.BOUND_KEY);
            }
        }
    }

    @Test
    void severalHeadersAreRefusedWithoutReadingAny() {
        AtomicInteger reads = new AtomicInteger();
        Decision decision = ProofDecision.decide(Check.IF_PRESENT, KEY, List.of("a", "b"), Nonces.NOT_REQUIRED,
                () -> {
                    reads.incrementAndGet();
                    return new Reading(PROOF, null);
                });
        assertThat(refused(decision).reason()).isEqualTo("multiple");
        assertThat(refused(decision).description()).endsWith("got 2");
        assertThat(reads).hasValue(0);
    }

    @Test
    void anInvalidProofIsRefusedWithTheValidatorsReason() {
        Decision decision = ProofDecision.decide(Check.BOUND_KEY, KEY, List.of("p"), Nonces.NOT_REQUIRED,
                () -> new Reading(null, new InvalidProofException(InvalidProofException.Reason.SIGNATURE, "bad")));
        Refused refused = refused(decision);
        assertThat(refused).isEqualTo(new Refused("invalid_dpop_proof", "signature", "bad", false));
    }

    @Test
    void nonces() {
        assertThat(refused(decide(Check.IF_PRESENT, List.of(), new Nonces(true, false, n -> true), PROOF)))
                .extracting(Refused::error, Refused::reason).containsExactly("invalid_request", "nonce_unavailable");
        Refused stale = refused(decide(Check.IF_PRESENT, List.of("p"), new Nonces(true, true, n -> false), PROOF));
        assertThat(stale.error()).isEqualTo("use_dpop_nonce");
        assertThat(stale.description()).contains("invalid or expired");
        Refused none = refused(decide(Check.IF_PRESENT, List.of("p"), N1, OTHER_KEY));
        assertThat(none.description()).contains("requires nonce");
        assertThat(decide(Check.IF_PRESENT, List.of("p"), N1, PROOF)).isEqualTo(new Accepted(PROOF));
    }

    @Test
    void theNonceIsAskedBeforeTheKeyIsCompared() {
        // the client learns the nonce first, whatever key it uses: a theft is only a valid proof of another key
        Refused refused = refused(decide(Check.BOUND_KEY, List.of("p"), new Nonces(true, true, n -> false), OTHER_KEY));
        assertThat(refused.reason()).isEqualTo("nonce");
        assertThat(refused.theft()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"IF_PRESENT", "REQUIRED", "BOUND_KEY"})
    void aValidProofIsAcceptedUnlessItIsOfAnotherKeyThanTheBoundToken(Check check) {
        assertThat(decide(check, List.of("p"), Nonces.NOT_REQUIRED, PROOF)).isEqualTo(new Accepted(PROOF));
        Decision other = decide(check, List.of("p"), Nonces.NOT_REQUIRED, OTHER_KEY);
        if (check == Check.BOUND_KEY) {
            assertThat(refused(other)).isEqualTo(new Refused("invalid_grant", "key_mismatch",
                    "The refresh token is bound to another DPoP key", true));
        } else {
            assertThat(other).isEqualTo(new Accepted(OTHER_KEY));
        }
    }
}
