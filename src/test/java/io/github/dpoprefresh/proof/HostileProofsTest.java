package io.github.dpoprefresh.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.dpoprefresh.binding.RefusalReason;
import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import io.github.dpoprefresh.testing.HostileProofs;
import io.github.dpoprefresh.testing.HostileProofs.Attempt;
import io.github.dpoprefresh.testing.HostileProofs.Case;
import io.github.dpoprefresh.testing.HostileProofs.Context;
import io.github.dpoprefresh.testing.HostileProofs.Verdict;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus ({@link HostileProofs}) against the validator alone: each case whose request carries exactly
 * one {@code DPoP} header value is refused with its {@link Reason} and description, or accepted. The same table runs
 * against a real Keycloak in {@code HostileRequestsIT}.
 */
class HostileProofsTest {

    static final URI TOKEN = URI.create("http://127.0.0.1:8080/realms/hostile/protocol/openid-connect/token");
    static final ProofKey HOLDER = ProofKey.es256();
    static final ProofKey OTHER_HOLDER = ProofKey.es256();

    /** The same verdicts whichever provider verifies signatures: the JDK's, or BouncyCastle as Keycloak registers it. */
    static List<ProofValidator> validators() {
        SignatureProvidersTest.registerBouncyCastle();
        return List.of(new ProofValidator(ProofPolicy.defaults(), HostileProofsTest::now, ProofKeys.jdk()),
                new ProofValidator(ProofPolicy.defaults(), HostileProofsTest::now, ProofKeys.fastest()));
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static Context context() {
        return new Context(HOLDER, OTHER_HOLDER, TOKEN, now(), HOLDER.proof("POST", TOKEN));
    }

    static Stream<Case> validatorCases() {
        return HostileProofs.all().stream().filter(c -> c.attempt().apply(context()).validatorInput() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validatorCases")
    void validatorAnswersAsTheTableSays(Case hostile) throws Exception {
        for (ProofValidator validator : validators()) {
            answersAsTheTableSays(validator, hostile);
        }
    }

    private static void answersAsTheTableSays(ProofValidator validator, Case hostile) throws Exception {
        Context context = context();
        Attempt attempt = hostile.attempt().apply(context);
        URI requestUri = attempt.requestUri(TOKEN);
        Reason reason = hostile.expected().reason();

        if (reason == null) {
            ValidProof proof = validator.validate(attempt.validatorInput(), "POST", requestUri);
            if ("key_mismatch".equals(hostile.expected().dpopReason())) {
                assertThat(proof.thumbprint()).isNotEqualTo(HOLDER.thumbprint());
            } else {
                assertThat(proof.thumbprint()).isEqualTo(HOLDER.thumbprint());
            }
        } else {
            assertThatThrownBy(() -> validator.validate(attempt.validatorInput(), "POST", requestUri))
                    .isInstanceOfSatisfying(InvalidProofException.class, e -> {
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                        if (hostile.expected().verdict() == Verdict.REFUSED) {
                            assertThat(e.getMessage()).contains(hostile.expected().description());
                        }
                        assertThat(e.getMessage()).doesNotContain(attempt.validatorInput().length() > 16
                                ? attempt.validatorInput() : "\u0000never");
                    });
        }
    }

    @Test
    void corpusIsLargeNamedOnceAndCoversEveryReason() {
        List<Case> cases = HostileProofs.all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        Set<String> names = new HashSet<>();
        cases.forEach(c -> assertThat(names.add(c.name())).as("duplicate name " + c.name()).isTrue());

        Set<String> reasons = cases.stream().map(c -> c.expected().dpopReason()).filter(r -> r != null)
                .collect(Collectors.toSet());
        // the corpus is for clients without server nonces: nonce, nonce_unavailable and client are the binding's,
        // tested against the server by the ServerNonce and BypassAttempts contracts
        for (Reason r : Reason.values()) {
            assertThat(reasons).as("a case for " + r).contains(r.code());
        }
        for (RefusalReason r : EnumSet.of(RefusalReason.MISSING, RefusalReason.MULTIPLE, RefusalReason.KEY_MISMATCH,
                RefusalReason.REPLAY)) {
            assertThat(reasons).as("a case for " + r).contains(r.code());
        }
        assertThat(cases).filteredOn(c -> c.reference().contains("OIDF")).hasSizeGreaterThanOrEqualTo(20);
    }
}
