package io.github.dpoprefresh.binding;

import static io.github.dpoprefresh.binding.BindingPolicy.Check.BOUND_KEY;
import static io.github.dpoprefresh.binding.BindingPolicy.Check.IF_PRESENT;
import static io.github.dpoprefresh.binding.BindingPolicy.Check.NONE;
import static io.github.dpoprefresh.binding.BindingPolicy.Check.REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.github.dpoprefresh.binding.BindingPolicy.Check;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's decision table, row by row. */
class BindingPolicyTest {

    private static ClientSettings mode(String mode) {
        return mode.equals("confidential") ? ClientSettings.NOT_BOUND
                : new ClientSettings(BindingMode.valueOf(mode.toUpperCase()), false, TheftResponse.REJECT, List.of());
    }

    @ParameterizedTest(name = "{0}, Keycloak binds: {1}, token bound: {2}, feature on: {3} -> {4}")
    @CsvSource({
            // client mode, Keycloak's own switch, presented token bound, dpop feature on, check
            "off,          false, false, true,  NONE",
            "off,          false, false, false, NONE",
            "off,          false, true,  true,  NONE",
            "off,          false, true,  false, BOUND_KEY",
            "optional,     false, false, true,  IF_PRESENT",
            "optional,     false, false, false, IF_PRESENT",
            "optional,     false, true,  true,  BOUND_KEY",
            "optional,     false, true,  false, BOUND_KEY",
            "required,     false, false, true,  REQUIRED",
            "required,     false, false, false, REQUIRED",
            "required,     false, true,  true,  BOUND_KEY",
            "required,     false, true,  false, BOUND_KEY",
            "optional,     true,  false, true,  NONE",
            "required,     true,  true,  false, NONE",
            "confidential, false, false, true,  NONE",
            "confidential, false, true,  false, BOUND_KEY",
    })
    void check(String mode, boolean keycloakBinds, boolean tokenBound, boolean featureOn, Check expected) {
        assertThat(BindingPolicy.check(mode(mode), keycloakBinds, tokenBound, featureOn)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "token presented: {0}, bound: {1}, {2} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "false, false, BIND,         NEW",
            "false, false, KEEP_UNBOUND, NEW",
            "true,  true,  BIND,         KEPT",
            "true,  true,  KEEP_UNBOUND, KEPT",
            "true,  false, BIND,         UPGRADED",
            "true,  false, KEEP_UNBOUND, null",
    })
    void outcome(boolean presented, boolean bound, Settings.UnboundRefresh unbound, Outcome expected) {
        assertThat(BindingPolicy.outcome(presented, bound, unbound)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void everyCheckIsReachable() {
        assertThat(List.of(NONE, IF_PRESENT, REQUIRED, BOUND_KEY)).containsExactlyInAnyOrder(Check.values());
    }
}
