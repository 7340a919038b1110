package io.github.dpoprefresh.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which {@code htu} equals the request URI: the equivalences of RFC 3986 §6.2.2 and §6.2.3, and nothing else (issue
 * 21: repeated slashes were once collapsed).
 */
class HttpChecksTest {

    private static final URI TOKEN = URI.create("https://sso.example.com/realms/r/protocol/openid-connect/token");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://sso.example.com/realms/r/protocol/openid-connect/token             | the same text",
            "HTTPS://sso.example.com/realms/r/protocol/openid-connect/token             | §6.2.2.1 scheme case",
            "https://SSO.Example.COM/realms/r/protocol/openid-connect/token             | §6.2.2.1 host case",
            "https://sso.example.com:443/realms/r/protocol/openid-connect/token         | §6.2.3 default port",
            "https://sso.example.com:/realms/r/protocol/openid-connect/token            | §6.2.3 empty port",
            "https://sso.example.com/realms/%72/protocol/openid-connect/token           | §6.2.2.2 unreserved letter",
            "https://sso.example.com/realms/r/protocol/openid%2Dconnect/token           | §6.2.2.2 unreserved '-'",
            "https://sso.example.com/realms/r/protocol/openid-connect/%74oken           | §6.2.2.2 lower-case letter",
            "https://sso.example.com/realms/r/x/../protocol/./openid-connect/token      | §6.2.2.3 dot segments",
            "https://sso.example.com/realms/r/protocol/openid-connect/x/../token        | §6.2.2.3 up one segment",
            "https://sso.example.com/realms/r/%2E/protocol/openid-connect/token         | §6.2.2.2 then §6.2.2.3",
            "https://sso.example.com/realms/r/protocol/openid-connect/token?a=b#c       | RFC 9449 §4.3: query, fragment",
    })
    void equal(String htu, String why) {
        assertThatCode(() -> HttpChecks.checkUri(htu.trim(), TOKEN)).as(why).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://sso.example.com//realms/r/protocol/openid-connect/token            | a doubled slash after the host",
            "https://sso.example.com/realms/r/protocol/openid-connect//token            | a doubled slash before the last segment",
            "https://sso.example.com/realms/r///protocol/openid-connect/token           | three slashes",
            "https://sso.example.com/realms/r/protocol/openid-connect/token/            | a trailing slash",
            "https://sso.example.com/realms/r/protocol/openid-connect/token/.           | /. leaves a trailing slash",
            "https://sso.example.com/realms/r/protocol/openid-connect%2Ftoken           | %2F is not /",
            "https://sso.example.com/realms/r/protocol/openid-connect%2ftoken           | %2f is not / either",
            "https://sso.example.com/realms/r/protocol/openid-connect/TOKEN             | the path is case-sensitive",
            "https://sso.example.com/realms/R/protocol/openid-connect/token             | another realm by case",
            "http://sso.example.com/realms/r/protocol/openid-connect/token              | another scheme",
            "https://sso.example.com:8443/realms/r/protocol/openid-connect/token        | another port",
            "https://sso.example.com./realms/r/protocol/openid-connect/token            | a trailing dot in the host",
            "https://sso.example.com/realms/r/protocol/openid-connect/token;x           | a path parameter",
            "https://sso.example.com/realms/r/protocol/openid-connect/to%6Ben%00        | an encoded NUL",
    })
    void unequal(String htu, String why) {
        assertThatThrownBy(() -> HttpChecks.checkUri(htu.trim(), TOKEN)).as(why)
                .isInstanceOfSatisfying(InvalidProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidProofException.Reason.HTU));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // RFC 3986 §5.4's examples of remove_dot_segments, and empty segments that stay
            "/a/b/c/./../../g | /a/g",
            "mid/content=5/../6 | mid/6",
            "/./g | /g",
            "/../g | /g",
            "/g/. | /g/",
            "/g/.. | /",
            "/a//b/../c | /a//c",
            "//a/./b// | //a/b//",
            "/.. | /",
    })
    void removeDotSegments(String path, String expected) {
        assertThat(HttpChecks.removeDotSegments(path.trim())).isEqualTo(expected.trim());
    }

    @ParameterizedTest(name = "request {0}")
    @CsvSource(delimiter = '|', value = {
            "https://sso.example.com/realms/r/protocol/openid-connect/%74oken           | the request URI is read alike",
            "https://sso.example.com/realms/r/x/../protocol/openid-connect/token        | dot segments in the request",
    })
    void theRequestUriIsNormalisedTheSameWay(String request, String why) {
        assertThatCode(() -> HttpChecks.checkUri(TOKEN.toString(), URI.create(request.trim()))).as(why)
                .doesNotThrowAnyException();
    }
}
