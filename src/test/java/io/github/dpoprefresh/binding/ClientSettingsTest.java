package io.github.dpoprefresh.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientSettingsTest {

    private static ClientSettings read(Map<String, String> attributes) {
        return ClientSettings.read(attributes::get);
    }

    @Test
    void absentAttributesMeanOffWithoutNonceAndReject() {
        ClientSettings settings = read(Map.of());
        assertThat(settings.mode()).isEqualTo(BindingMode.OFF);
        assertThat(settings.requireNonce()).isFalse();
        assertThat(settings.theftResponse()).isEqualTo(TheftResponse.REJECT);
        assertThat(settings.problems()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"off, OFF", "optional, OPTIONAL", "required, REQUIRED", " Required , REQUIRED"})
    void knownModes(String value, BindingMode expected) {
        ClientSettings settings = read(Map.of(ClientSettings.BINDING, value));
        assertThat(settings.mode()).isEqualTo(expected);
        assertThat(settings.problems()).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"requried", "optinal", "of", "on", "true", "none"})
    void anUnknownModeFailsClosedAsRequiredAndIsReported(String value) {
        ClientSettings settings = read(Map.of(ClientSettings.BINDING, value));
        assertThat(settings.mode()).isEqualTo(BindingMode.REQUIRED);
        assertThat(settings.problems()).singleElement().asString().contains("'" + value + "'", "treated as required");
    }

    @Test
    void anUnknownNonceSwitchMeansNoncesAndIsReported() {
        assertThat(read(Map.of(ClientSettings.REQUIRE_NONCE, "ture")).requireNonce()).isTrue();
        assertThat(read(Map.of(ClientSettings.REQUIRE_NONCE, "ture")).problems()).hasSize(1);
        assertThat(read(Map.of(ClientSettings.REQUIRE_NONCE, "false")).requireNonce()).isFalse();
        assertThat(read(Map.of(ClientSettings.REQUIRE_NONCE, "TRUE")).problems()).isEmpty();
    }

    @Test
    void theftResponse() {
        assertThat(read(Map.of(ClientSettings.THEFT_RESPONSE, "revoke-session")).theftResponse())
                .isEqualTo(TheftResponse.REVOKE_SESSION);
        ClientSettings unknown = read(Map.of(ClientSettings.THEFT_RESPONSE, "revoke"));
        assertThat(unknown.theftResponse()).isEqualTo(TheftResponse.REJECT);
        assertThat(unknown.problems()).hasSize(1);
    }
}
