package io.github.dpoprefresh.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dpoprefresh.proof.ProofPolicy;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    @Test
    void theKeyIsKeycloaksOwn() {
        // DPoPUtil.DPoPReplayCheck: hex(SHA-1(jti + "\n" + htu)); this value from `printf 'jti-1\nhttps://kc/token' | sha1sum`
        assertThat(ReplayGuard.key("jti-1", "https://kc/token")).isEqualTo("d6e80083a752ae7abf5dc089a34eae51dae96042");
    }

    @Test
    void aProofIsRememberedUntilNoNodeAcceptsItEvenOneAheadByTheClockSkew() {
        ProofPolicy policy = ProofPolicy.defaults();
        long now = 1_000_000;
        // accepted up to iat + max-age + clock-skew by a node's clock: remembered for one more skew
        assertThat(ReplayGuard.lifespan(policy, now, now)).isEqualTo(30 + 30 + 1 + 30);
        assertThat(ReplayGuard.lifespan(policy, now - 60, now)).isEqualTo(1 + 30);
        assertThat(ReplayGuard.lifespan(policy, now + 30, now)).isEqualTo(121);
    }

    @Test
    void neverShorterThanKeycloaksOwnWindow() {
        ProofPolicy strict = new ProofPolicy(ProofPolicy.ALL_ALGORITHMS, 1, 0, ProofPolicy.DEFAULT_MAX_LENGTH);
        long now = 1_000_000;
        assertThat(ReplayGuard.lifespan(strict, now, now)).isEqualTo(25);
    }
}
