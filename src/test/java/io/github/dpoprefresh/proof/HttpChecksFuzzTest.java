package io.github.dpoprefresh.proof;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code htu}/{@code htm} checks on any claim and any request URI (the request URI is attacker-influenced too:
 * Keycloak builds it from the {@code Host} header unless a hostname is configured): an answer or an
 * {@link InvalidProofException}; and an accepted {@code htu} names the same scheme, host, port and path.
 */
class HttpChecksFuzzTest {

    static Stream<Arguments> htuAndRequestUri() {
        String token = FuzzHarness.TOKEN.toString();
        return Stream.of(
                arguments(token, token, "POST"),
                arguments("HTTPS://SSO.EXAMPLE.COM:443/realms/demo/protocol/openid-connect/token?x#y", token, "POST"),
                arguments("http://[::1]:8080/a/../token", "http://[::1]:8080/token", "POST"),
                arguments("https://user@sso.example.com/token", "https://sso.example.com/token", "post"),
                arguments("%zz", "/relative", "GET"));
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void htuAndRequestUri(@NotNull @WithUtf8Length(max = 500) String htu,
            @NotNull @WithUtf8Length(max = 500) String requestUri, @NotNull @WithUtf8Length(max = 20) String htm) {
        URI request;
        try {
            request = new URI(requestUri);
        } catch (URISyntaxException notAUri) {
            return;
        }
        try {
            HttpChecks.checkMethod(htm, "POST");
            HttpChecks.checkUri(htu, request);
        } catch (InvalidProofException expected) {
            return;
        }
        URI claimed = URI.create(htu);
        FuzzHarness.require(htm.equals("POST"), "accepted htm " + htm);
        FuzzHarness.require(claimed.getScheme().equalsIgnoreCase(request.getScheme())
                && claimed.getHost().toLowerCase(Locale.ROOT).equals(request.getHost().toLowerCase(Locale.ROOT)),
                "accepted htu " + htu + " for " + requestUri);
    }
}
