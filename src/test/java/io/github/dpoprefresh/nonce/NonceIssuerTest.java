package io.github.dpoprefresh.nonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NonceIssuerTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final long NOW = 1_800_000_000L;

    final NonceIssuer issuer = new NonceIssuer(SECRET, "realm-a", 60);

    @Test
    void aNonceIsValidForItsStepAndTheNext() {
        long stepStart = NOW - Math.floorMod(NOW, 60);
        String nonce = issuer.issue(stepStart);

        assertThat(issuer.isValid(nonce, stepStart)).isTrue();
        assertThat(issuer.isValid(nonce, stepStart + 119)).isTrue();
        assertThat(issuer.isValid(nonce, stepStart + 120)).isFalse();
    }

    @Test
    void aNonceFromANodeAheadIsAcceptedOneStepEarly() {
        long stepStart = NOW - Math.floorMod(NOW, 60);
        String nonce = issuer.issue(stepStart + 60);

        assertThat(issuer.isValid(nonce, stepStart)).isTrue();
        assertThat(issuer.isValid(issuer.issue(stepStart + 120), stepStart)).isFalse();
    }

    @Test
    void anotherNodeWithTheSameKeyAgrees() {
        NonceIssuer otherNode = new NonceIssuer(SECRET.clone(), "realm-a", 60);
        assertThat(otherNode.issue(NOW)).isEqualTo(issuer.issue(NOW));
        assertThat(otherNode.isValid(issuer.issue(NOW), NOW)).isTrue();
    }

    @Test
    void anotherRealmOrKeyRejectsIt() {
        String nonce = issuer.issue(NOW);
        assertThat(new NonceIssuer(SECRET, "realm-b", 60).isValid(nonce, NOW)).isFalse();
        byte[] otherSecret = SECRET.clone();
        otherSecret[0] ^= 1;
        assertThat(new NonceIssuer(otherSecret, "realm-a", 60).isValid(nonce, NOW)).isFalse();
    }

    @Test
    void forgedOrGarbageNoncesAreRejected() {
        String nonce = issuer.issue(NOW);
        char last = nonce.charAt(nonce.length() - 1);
        String flipped = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(issuer.isValid(flipped, NOW)).isFalse();
        for (String garbage : new String[] {null, "", "abc", "!".repeat(32), nonce + "A", "A".repeat(32)}) {
            assertThat(issuer.isValid(garbage, NOW)).as(String.valueOf(garbage)).isFalse();
        }
    }
}
