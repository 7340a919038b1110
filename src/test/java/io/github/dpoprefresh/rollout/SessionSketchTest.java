package io.github.dpoprefresh.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class SessionSketchTest {

    @Test
    void countsExactlyUpToTheLimitAndSurvivesItsText() {
        SessionSketch sketch = SessionSketch.empty();
        for (int i = 0; i < SessionSketch.EXACT_LIMIT; i++) {
            sketch.add(UUID.randomUUID().toString());
        }
        String sameAgain = UUID.randomUUID().toString();
        sketch.add(sameAgain).add(sameAgain);
        assertThat(sketch.exact()).isFalse();
        SessionSketch small = SessionSketch.empty().add("a").add("b").add("a");
        assertThat(small.exact()).isTrue();
        assertThat(small.estimate()).isEqualTo(2);
        assertThat(SessionSketch.decode(small.encode()).estimate()).isEqualTo(2);
        assertThat(small.encode()).doesNotContain("a\"").startsWith("x");
    }

    @Test
    void mergesLikeAUnion() {
        SessionSketch hourOne = SessionSketch.empty().add("s1").add("s2");
        SessionSketch hourTwo = SessionSketch.empty().add("s2").add("s3");
        assertThat(hourOne.merge(hourTwo).estimate()).isEqualTo(3);
        assertThat(hourTwo.estimate()).isEqualTo(2);
    }

    @Test
    void estimatesLargeCountsWithinAFewPercent() {
        SessionSketch nodeA = SessionSketch.empty();
        SessionSketch nodeB = SessionSketch.empty();
        for (int i = 0; i < 50_000; i++) {
            nodeA.add("session-" + i);
            nodeB.add("session-" + (i + 25_000));
        }
        SessionSketch both = SessionSketch.decode(nodeA.encode()).merge(SessionSketch.decode(nodeB.encode()));
        assertThat(both.exact()).isFalse();
        assertThat(both.estimate()).isBetween(70_000L, 80_000L);
        assertThat(SessionSketch.decode(both.encode()).estimate()).isEqualTo(both.estimate());
    }

    @Test
    void mergingAnExactSketchIntoAnApproximateOneAddsItsSessions() {
        SessionSketch large = SessionSketch.empty();
        for (int i = 0; i < 5_000; i++) {
            large.add("large-" + i);
        }
        long before = large.estimate();
        SessionSketch small = SessionSketch.empty();
        for (int i = 0; i < 1_000; i++) {
            small.add("small-" + i);
        }
        assertThat(large.merge(small).estimate()).isBetween(before + 800, before + 1_200);
    }

    @Test
    void refusesTextItDidNotWrite() {
        assertThat(SessionSketch.decode(null).estimate()).isZero();
        assertThatThrownBy(() -> SessionSketch.decode("hAAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionSketch.decode("q")).isInstanceOf(IllegalArgumentException.class);
    }
}
