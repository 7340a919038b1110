package io.github.dpoprefresh.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarnThrottleTest {

    @Test
    void oneLinePerKeyAndWindowThenTheCountOfTheOnesLeftOut() {
        WarnThrottle throttle = new WarnThrottle(60, 100);
        assertThat(throttle.admit("s1", 1000)).isZero();
        assertThat(throttle.admit("s1", 1001)).isEqualTo(-1);
        assertThat(throttle.admit("s1", 1059)).isEqualTo(-1);
        assertThat(throttle.admit("s2", 1010)).isZero();
        assertThat(throttle.admit("s1", 1060)).isEqualTo(2);
        assertThat(throttle.admit("s1", 1061)).isEqualTo(-1);
    }

    @Test
    void boundedInKeys() {
        WarnThrottle throttle = new WarnThrottle(60, 3);
        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.admit("s" + i, 1000)).isZero();
        }
        assertThat(throttle.admit("s999", 1001)).isIn(-1, 0);
    }
}
