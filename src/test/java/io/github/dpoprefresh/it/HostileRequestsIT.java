package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.DpopFeature;
import io.github.dpoprefresh.it.support.InBothDpopModes;
import io.github.dpoprefresh.it.support.Json;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.HostileProofs.Attempt;
import io.github.dpoprefresh.testing.HostileProofs.Case;
import io.github.dpoprefresh.testing.HostileProofs.Context;
import io.github.dpoprefresh.testing.HostileProofs.Expected;
import io.github.dpoprefresh.testing.HostileProofs.Grant;
import io.github.dpoprefresh.testing.HostileProofs;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request of the hostile corpus ({@link HostileProofs}) against a real Keycloak with the extension, sent with
 * the bound refresh token of a legitimate holder: the answer is the expected status, OAuth error and description and
 * never a token; Keycloak stores one error event with the reason (or, when the HTTP server refuses the request
 * first, none); and afterwards the holder refreshes as before. Runs once per Keycloak configuration ({@code dpop}
 * feature on and off): the answers are the same.
 */
@DisplayName("hostile requests")
@InBothDpopModes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsIT {

    @Parameter
    DpopFeature feature;

    static final String CLIENT = "hostile-app";
    static final String USER = "holder";
    static final String PASSWORD = "holder-password";

    KeycloakServer server;
    String realm;
    OAuthClient client;
    URI tokenEndpoint;

    final ProofKey holder = ProofKey.es256();
    final ProofKey otherHolder = ProofKey.es256();
    /** The holder's current refresh token, and the last proof it was refreshed with. */
    String refreshToken;
    String usedProof;

    @BeforeParameterizedClassInvocation
    void holderLogsIn() {
        server = feature.server();
        realm = "hostile-" + getClass().getSimpleName().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        server.admin().createRealm(Map.of("realm", realm, "enabled", true, "eventsEnabled", true, "eventsExpiration", 3600,
                "enabledEventTypes", List.of("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR")));
        server.admin().createClient(realm, TestRealm.publicClient(CLIENT, "optional"));
        server.admin().createUser(realm, USER, PASSWORD);
        client = server.oauth(realm, CLIENT);
        tokenEndpoint = server.tokenEndpoint(realm);

        usedProof = holder.proof("POST", tokenEndpoint);
        TokenResponse tokens = client.token(passwordForm(), usedProof);
        TestRealm.assertBoundOnlyRefreshToken(tokens, holder);
        refreshToken = tokens.refreshToken();
        TestRealm.assertBoundOnlyRefreshToken(client.token(passwordForm(), otherHolder.proof("POST", tokenEndpoint)),
                otherHolder);
    }

    static Stream<Case> cases() {
        return HostileProofs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answeredAsTheTableSaysAndTheHolderGoesOn(Case hostile) {
        Context context = new Context(holder, otherHolder, tokenEndpoint, System.currentTimeMillis() / 1000, usedProof);
        Attempt attempt = hostile.attempt().apply(context);
        Expected expected = hostile.expected();
        server.admin().clearEvents(realm);

        TokenResponse response = send(attempt);

        assertThat(response.status()).as(response.toString()).isEqualTo(expected.status());
        switch (expected.verdict()) {
            case ACCEPTED -> TestRealm.assertBoundOnlyRefreshToken(response, holder);
            case REFUSED, REFUSED_BY_GATE -> {
                assertThat(response.error()).as(response.toString()).isEqualTo(expected.error());
                assertThat(response.errorDescription()).as(response.toString()).contains(expected.description());
                assertNoToken(response);
                JsonNode events = server.admin().events(realm, Map.of("type", eventType(attempt) + "_ERROR"));
                assertThat(events).as("error events").hasSize(1);
                JsonNode event = events.get(0);
                assertThat(event.path("error").asText()).isEqualTo(expected.error());
                assertThat(event.path("details").path("dpop_reason").asText()).isEqualTo(expected.dpopReason());
                assertThat(event.path("details").path("reason").asText()).isEqualTo(response.errorDescription());
                assertThat(event.path("clientId").asText()).isEqualTo(CLIENT);
                assertThat(event.toString()).doesNotContain(refreshToken);
                attempt.proofs().stream().filter(p -> p.length() > 16)
                        .forEach(p -> assertThat(event.toString()).as("event shows no proof").doesNotContain(p));
            }
            case REFUSED_BY_HTTP_SERVER -> {
                assertNoToken(response);
                assertThat(server.admin().events(realm)).as("no Keycloak event: Keycloak never saw it").isEmpty();
            }
        }

        holderRefreshes();
    }

    /** The legitimate holder, with a fresh proof of its key, is not locked out. */
    void holderRefreshes() {
        String proof = holder.proof("POST", tokenEndpoint);
        TokenResponse next = client.refresh(refreshToken, proof);
        TestRealm.assertBoundOnlyRefreshToken(next, holder);
        refreshToken = next.refreshToken();
        usedProof = proof;
    }

    TokenResponse send(Attempt attempt) {
        Map<String, String> form = attempt.grant() == Grant.PASSWORD ? passwordForm() : refreshForm();
        URI endpoint = attempt.query() == null ? tokenEndpoint : URI.create(tokenEndpoint + "?" + attempt.query());
        if (attempt.wire() == null && attempt.host() == null) {
            return client.post(endpoint, form, Map.of("DPoP", attempt.proofs()));
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String host = attempt.host() != null ? attempt.host() : endpoint.getRawAuthority();
        byte[] body = Json.form(form).getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("POST " + endpoint.getRawPath() + (attempt.query() == null ? "" : "?" + attempt.query())
                + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (attempt.wire() != null) {
            request.writeBytes(attempt.wire());
            request.writeBytes(new byte[] {'\r', '\n'});
        } else {
            attempt.proofs().forEach(p -> request.writeBytes(("DPoP: " + p + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
        request.writeBytes(new byte[] {'\r', '\n'});
        request.writeBytes(body);
        return OAuthClient.rawRequest(endpoint.getHost(), endpoint.getPort(), request.toByteArray());
    }

    static String eventType(Attempt attempt) {
        return attempt.grant() == Grant.PASSWORD ? "LOGIN" : "REFRESH_TOKEN";
    }

    Map<String, String> refreshForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", CLIENT);
        return form;
    }

    static Map<String, String> passwordForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("username", USER);
        form.put("password", PASSWORD);
        return form;
    }

    static void assertNoToken(TokenResponse response) {
        assertThat(response.body()).as(response.toString()).doesNotContain("access_token", "refresh_token", "id_token");
    }
}
