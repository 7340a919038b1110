package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.utils.StringUtil;

/** The short cut of {@link KeycloakDifferences#sanitized} gives what Keycloak's {@code StringUtil} gives. */
class SanitizedTokenTextTest {

    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

    @Test
    void tokenTextIsWhatKeycloakLeavesOfIt() {
        Random random = new Random(7638);
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(1200); i > 0; i--) {
                text.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
            }
            String value = text.toString();
            assertThat(KeycloakDifferences.sanitized(value)).isEqualTo(StringUtil.removeControlCharacters(value));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJh.eyJ\u0000x.sig", "eyJh.%0Aabc.sig", "eyJh.\u001B[31mabc.sig", "a.b.c%1b[0m",
            "abc[0mdef", "a.b.c\u007F", "a.b.c ", "a+b/c=", "tok\u00e9n", ""})
    void anythingElseGoesThroughKeycloak(String value) {
        assertThat(KeycloakDifferences.sanitized(value)).isEqualTo(StringUtil.removeControlCharacters(value));
    }
}
