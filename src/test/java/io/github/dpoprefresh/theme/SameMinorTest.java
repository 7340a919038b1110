package io.github.dpoprefresh.theme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dpoprefresh.keycloak.KeycloakVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The admin theme is offered only on the minor version its console comes from")
class SameMinorTest {

    @ParameterizedTest(name = "console {0}, server {1}: offered {2}")
    @CsvSource({
        "26.7.3, 26.7.5, true",
        "26.7.3, 26.7.0, true",
        "26.7.3, 26.7.3, true",
        "26.7.3, 26.4.7, false",
        "26.7.3, 26.5.6, false",
        "26.7.3, 26.8.2, false",
        "26.7.3, 27.7.3, false",
        "26.7.3, 26.70.1, false",
        "26.4.7, 26.4.7.redhat-00001, true",
        "26.7.3, 999.0.0-SNAPSHOT, false",
        "26.7.3, UNKNOWN, false",
    })
    void sameMinor(String console, String server, boolean offered) {
        assertThat(AdminThemeProviderFactory.sameMinor(console, server)).isEqualTo(offered);
    }

    @Test
    @DisplayName("an unknown or missing version matches nothing")
    void unknownVersions() {
        assertThat(AdminThemeProviderFactory.sameMinor(null, "26.7.5")).isFalse();
        assertThat(AdminThemeProviderFactory.sameMinor("26.7.3", null)).isFalse();
        assertThat(AdminThemeProviderFactory.sameMinor(null, null)).isFalse();
        assertThat(KeycloakVersion.minor("26")).isNull();
        assertThat(KeycloakVersion.minor("26.7")).isEqualTo("26.7");
        assertThat(KeycloakVersion.minor(" 26.07.1 ")).isEqualTo("26.7");
    }
}
