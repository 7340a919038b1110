package io.github.dpoprefresh.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.dpoprefresh.binding.ClientSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The admin theme edits the client attributes the server reads: for every attribute of {@link ClientSettings}
 * ({@code dpop.refresh.<name>}), the theme's {@code resources/js/attributes.js} has {@code <NAME>_ATTRIBUTE} with its
 * name and {@code <NAME>_VALUES} with its values in the same order, and no other such constant.
 */
@DisplayName("Admin theme: attribute names and values as the server reads them")
class ThemeAttributeNamesTest {

    private static final Path ATTRIBUTES_JS = Path.of(System.getProperty("basedir", "."))
            .resolve("themes/dpop-admin/admin/resources/js/attributes.js");
    private static final String PREFIX = "dpop.refresh.";

    /** {@code export const NAME_ATTRIBUTE = "value";} */
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "^export const ([A-Z_]+_ATTRIBUTE) = (\"[^\"]*\");", Pattern.MULTILINE);
    /** {@code export const NAME_VALUES = ["a", "b"];} */
    private static final Pattern VALUES = Pattern.compile(
            "^export const ([A-Z_]+_VALUES) = \\[([^\\]]*)\\];", Pattern.MULTILINE);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    @Test
    @DisplayName("attributes.js names the server's attributes, and Keycloak's own DPoP switch")
    void attributeNames() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (List<String> attribute : ClientSettings.ATTRIBUTES) {
            expected.put(constant(attribute.get(0), "_ATTRIBUTE"), List.of(attribute.get(0)));
        }
        // Keycloak's OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS, which the theme watches
        expected.put("CORE_DPOP_ATTRIBUTE", List.of("dpop.bound.access.tokens"));
        assertThat(constants(ATTRIBUTE)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    @DisplayName("attributes.js offers exactly the values the server accepts, in its order")
    void attributeValues() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (List<String> attribute : ClientSettings.ATTRIBUTES) {
            expected.put(constant(attribute.get(0), "_VALUES"), attribute.subList(1, attribute.size()));
        }
        assertThat(constants(VALUES)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** {@code dpop.refresh.require-nonce} and {@code _VALUES}: {@code REQUIRE_NONCE_VALUES}. */
    private static String constant(String attribute, String suffix) {
        assertThat(attribute).startsWith(PREFIX);
        return attribute.substring(PREFIX.length()).replace('-', '_').toUpperCase(Locale.ROOT) + suffix;
    }

    /** Every constant the pattern finds in attributes.js, with its quoted strings. */
    private static Map<String, List<String>> constants(Pattern pattern) throws IOException {
        String source = Files.readString(ATTRIBUTES_JS, StandardCharsets.UTF_8);
        Map<String, List<String>> found = new LinkedHashMap<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            found.put(m.group(1), QUOTED.matcher(m.group(2)).results().map(r -> r.group(1)).toList());
        }
        return found;
    }
}
