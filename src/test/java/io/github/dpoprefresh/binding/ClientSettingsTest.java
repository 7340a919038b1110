package io.github.dpoprefresh.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    @Test
    void anUnknownModeIsNoWeakerThanOptionalAndIsReported() {
        ClientSettings settings = read(Map.of(ClientSettings.BINDING, "requried"));
        assertThat(settings.mode()).isEqualTo(BindingMode.OPTIONAL);
        assertThat(settings.problems()).singleElement().asString().contains("requried", "optional");
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

    /** The admin theme writes the same attribute names and values (themes/dpop-admin/src/dpop/binding.ts). */
    @Test
    void theAdminThemeUsesTheSameNamesAndValues() throws Exception {
        String theme = Files.readString(Path.of("themes/dpop-admin/src/dpop/binding.ts"));
        for (var attribute : ClientSettings.ATTRIBUTES) {
            assertThat(theme).as("binding.ts names %s", attribute.get(0)).contains("\"" + attribute.get(0) + "\"");
            // a switch (true/false) has no list of values in the theme
            for (String value : attribute.subList(1, attribute.size()).contains("true") ? java.util.List.<String>of()
                    : attribute.subList(1, attribute.size())) {
                assertThat(theme).as("binding.ts offers %s for %s", value, attribute.get(0)).contains("\"" + value + "\"");
            }
        }
        Matcher names = Pattern.compile("\"(dpop\\.refresh\\.[a-z.-]+)\"").matcher(theme);
        while (names.find()) {
            assertThat(ClientSettings.ATTRIBUTES.stream().map(a -> a.get(0))).as("attribute in binding.ts")
                    .contains(names.group(1));
        }
    }
}
