package io.github.dpoprefresh.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The admin theme edits the client attributes the server reads: the names and values in
 * {@code themes/dpop-admin/src/dpop/binding.ts} are the ones of the Java side. The expected names and values are
 * those of {@code io.github.dpoprefresh.binding.ClientSettings} ({@code ATTRIBUTE_BINDING},
 * {@code ATTRIBUTE_REQUIRE_NONCE}, {@code ATTRIBUTE_THEFT_RESPONSE}), written out here as literals.
 */
@DisplayName("Admin theme: attribute names and values as the server reads them")
class ThemeAttributeNamesTest {

    private static final Path BINDING_TS = Path.of(System.getProperty("basedir", "."))
            .resolve("themes/dpop-admin/src/dpop/binding.ts");

    /** {@code export const NAME = "value";} */
    private static final Pattern STRING = Pattern.compile(
            "^export const ([A-Z_]+_ATTRIBUTE) = (\"[^\"]*\");", Pattern.MULTILINE);
    /** {@code export const NAME = ["a", "b"] as const;} */
    private static final Pattern LIST = Pattern.compile(
            "^export const ([A-Z_]+_VALUES) = \\[([^\\]]*)\\] as const;", Pattern.MULTILINE);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    @Test
    @DisplayName("binding.ts names the server's three attributes and Keycloak's own DPoP switch")
    void attributeNames() throws IOException {
        assertThat(constants(STRING)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "BINDING_ATTRIBUTE", List.of("dpop.refresh.binding"),
                "REQUIRE_NONCE_ATTRIBUTE", List.of("dpop.refresh.require-nonce"),
                "THEFT_RESPONSE_ATTRIBUTE", List.of("dpop.refresh.theft-response"),
                // Keycloak's OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS
                "CORE_DPOP_ATTRIBUTE", List.of("dpop.bound.access.tokens")));
    }

    @Test
    @DisplayName("binding.ts offers exactly the values the server accepts, in the order shown")
    void attributeValues() throws IOException {
        assertThat(constants(LIST)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "BINDING_VALUES", List.of("off", "optional", "required"),
                "REQUIRE_NONCE_VALUES", List.of("true", "false"),
                "THEFT_RESPONSE_VALUES", List.of("reject", "revoke-session")));
    }

    /** Every constant the pattern finds in binding.ts, with its quoted strings. */
    private static Map<String, List<String>> constants(Pattern pattern) throws IOException {
        String source = Files.readString(BINDING_TS, StandardCharsets.UTF_8);
        Map<String, List<String>> found = new LinkedHashMap<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            found.put(m.group(1), QUOTED.matcher(m.group(2)).results().map(r -> r.group(1)).toList());
        }
        return found;
    }
}
