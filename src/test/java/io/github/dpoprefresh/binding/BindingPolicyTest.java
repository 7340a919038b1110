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
            // Keycloak's "Require DPoP bound tokens": Keycloak's alone only while its dpop feature is on
            "off,          true,  false, true,  NONE",
            "off,          true,  true,  true,  NONE",
            "off,          true,  false, false, NONE",
            "off,          true,  true,  false, BOUND_KEY",
            "optional,     true,  false, true,  NONE",
            "optional,     true,  true,  true,  NONE",
            "optional,     true,  false, false, IF_PRESENT",
            "optional,     true,  true,  false, BOUND_KEY",
            "required,     true,  false, true,  NONE",
            "required,     true,  true,  true,  NONE",
            "required,     true,  false, false, REQUIRED",
            "required,     true,  true,  false, BOUND_KEY",
            "confidential, false, false, true,  NONE",
            "confidential, false, true,  true,  NONE",
            "confidential, false, false, false, NONE",
            "confidential, false, true,  false, BOUND_KEY",
            "confidential, true,  true,  false, BOUND_KEY",
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

    /** Whatever any setting says: a bound token is checked by us, unless Keycloak's feature is on to check it. */
    @org.junit.jupiter.api.Test
    void aBoundTokenIsNeverLeftUncheckedWithTheFeatureOff() {
        for (String mode : List.of("off", "optional", "required", "confidential")) {
            for (boolean keycloakBinds : new boolean[] {false, true}) {
                assertThat(BindingPolicy.check(mode(mode), keycloakBinds, true, false))
                        .as("%s, Keycloak binds: %s", mode, keycloakBinds).isEqualTo(BOUND_KEY);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void everyCheckIsReachable() {
        assertThat(List.of(NONE, IF_PRESENT, REQUIRED, BOUND_KEY)).containsExactlyInAnyOrder(Check.values());
    }
}
