package io.github.dpoprefresh.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.Provider;
import java.security.Security;
import java.util.stream.Stream;

import io.github.dpoprefresh.testing.ProofKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The choice of signature provider ({@link ProofKeys#preferring}), and proofs of every family verified through BouncyCastle as Keycloak registers it. */
class SignatureProvidersTest {

    static final URI TOKEN = URI.create("https://kc.example/realms/r/protocol/openid-connect/token");

    /** As Keycloak's default crypto provider does at start: BouncyCastle, registered last. */
    static void registerBouncyCastle() {
        if (Security.getProvider(ProofKeys.BOUNCY_CASTLE) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    @Test
    void bouncyCastleIsChosenForEcAndEdDsaWhenRegistered() {
        registerBouncyCastle();

        assertThat(ProofKeys.fastest().describe()).isEqualTo("BC for ES256/ES384/ES512/EdDSA, JDK default for RSA");
    }

    @Test
    void anAbsentProviderFallsBackToTheJdk() {
        assertThat(ProofKeys.preferring("BCFIPS-not-here").describe()).isEqualTo("JDK default for all algorithms");
    }

    @Test
    void aProviderThatCannotVerifyFallsBackToTheJdk() {
        // registered, but offers no Signature service at all
        Provider empty = new Provider("EMPTY-FOR-TEST", "1", "no services") {
        };
        Security.addProvider(empty);
        try {
            assertThat(ProofKeys.preferring("EMPTY-FOR-TEST").describe()).isEqualTo("JDK default for all algorithms");
        } finally {
            Security.removeProvider("EMPTY-FOR-TEST");
        }
    }

    static Stream<ProofKey> keys() {
        return Stream.of(ProofKey.es256(), ProofKey.es384(), ProofKey.rs256(), ProofKey.ps256(), ProofKey.edDsa());
    }

    @ParameterizedTest
    @MethodSource("keys")
    void nimbusProofsAreValidThroughBouncyCastleAndTheirTamperedCopiesAreNot(ProofKey key) throws Exception {
        registerBouncyCastle();
        ProofValidator validator = new ProofValidator(ProofPolicy.defaults(), () -> System.currentTimeMillis() / 1000,
                ProofKeys.fastest());
        String proof = key.proof("POST", TOKEN);

        assertThat(validator.validate(proof, "POST", TOKEN).thumbprint()).isEqualTo(key.thumbprint());

        String signature = proof.substring(proof.lastIndexOf('.') + 1);
        String flipped = proof.substring(0, proof.lastIndexOf('.') + 1)
                + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator.validate(flipped, "POST", TOKEN))
                .isInstanceOfSatisfying(InvalidProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidProofException.Reason.SIGNATURE));
    }
}
