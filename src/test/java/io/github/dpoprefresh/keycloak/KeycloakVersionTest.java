package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeycloakVersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"26.4.0", "26.4.7", "26.4.7.redhat-00001", "26.5.0", "26.5.6", "26.7.0", "26.7.3", "26.7.5"})
    void testedVersionsStart(String version) {
        assertThatCode(() -> KeycloakVersion.requireSupported(version, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"26.3.5", "26.2.5", "25.0.6", "26.0.0", "unknown", ""})
    void olderOrUnknownVersionsNeverStart(String version) {
        assertThatThrownBy(() -> KeycloakVersion.requireSupported(version, false))
                .hasMessageContaining("does not support Keycloak " + version)
                .hasMessageContaining("26.4.x, 26.5.x and 26.7.x")
                .hasMessageContaining("--spi-dpop-refresh--default--allow-untested-keycloak=true lets only an untested newer");
        assertThatThrownBy(() -> KeycloakVersion.requireSupported(version, true))
                .hasMessageContaining("does not support Keycloak " + version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"26.8.0", "26.8.2", "27.0.1", "26.6.2"})
    void untestedNewerVersionsStartOnlyWithTheOption(String version) {
        assertThatThrownBy(() -> KeycloakVersion.requireSupported(version, false))
                .hasMessageContaining("does not support Keycloak " + version)
                .hasMessageContaining("at your own risk: --spi-dpop-refresh--default--allow-untested-keycloak=true");
        assertThatCode(() -> KeycloakVersion.requireSupported(version, true)).doesNotThrowAnyException();
    }
}
