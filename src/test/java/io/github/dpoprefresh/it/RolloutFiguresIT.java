package io.github.dpoprefresh.it;

import static io.github.dpoprefresh.it.support.TestRealm.assertBoundOnlyRefreshToken;
import static io.github.dpoprefresh.it.support.TestRealm.assertRefused;
import static io.github.dpoprefresh.it.support.TestRealm.assertUnbound;
import static io.github.dpoprefresh.it.support.TestRealm.publicClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dpoprefresh.it.support.AdminApi;
import io.github.dpoprefresh.it.support.DeviceAuthorization;
import io.github.dpoprefresh.it.support.DpopFeature;
import io.github.dpoprefresh.it.support.InBothDpopModes;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The rollout figures on one node: token requests with and without proofs (made by Nimbus) are counted per client and
 * grant, written to Keycloak's database by the node's flush (every second in the tests) and read back through the
 * admin endpoint {@code /admin/realms/{realm}/dpop-refresh/clients/{id}/figures}, for whoever may view the client.
 */
@DisplayName("rollout figures")
@InBothDpopModes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutFiguresIT {

    static final String USER = "carol";
    static final String PASSWORD = "carol-password";
    static final Duration FLUSHED = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    DpopFeature feature;

    KeycloakServer server;
    TestRealm fixture;
    String realm;

    @BeforeParameterizedClassInvocation
    void createRealm() {
        server = feature.server();
        fixture = TestRealm.create(server, "figures", USER, PASSWORD)
                .withClient(publicClient("grants-app", "optional"))
                .withClient(publicClient("required-app", "required"))
                .withClient(publicClient("off-app", null))
                .withClient(Map.of("clientId", "confidential-app", "publicClient", false, "secret", "s3cret",
                        "directAccessGrantsEnabled", true, "attributes", Map.of("dpop.refresh.binding", "optional")))
                .withClient(publicClient("viewed-app", "optional"));
        realm = fixture.name();
    }

    String proof(ProofKey key) {
        return key.proof("POST", server.tokenEndpoint(realm));
    }

    String uuid(String clientId) {
        return server.admin().clientUuid(realm, clientId);
    }

    /** The client's figures once {@code expected} holds for them (the flush runs every second). */
    JsonNode figuresOnce(String clientId, Predicate<JsonNode> expected) {
        long deadline = System.nanoTime() + FLUSHED.toNanos();
        JsonNode figures;
        do {
            AdminApi.Response response = server.admin().figures(realm, uuid(clientId));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            figures = response.json();
            if (expected.test(figures)) {
                return figures;
            }
            sleep(500);
        } while (System.nanoTime() < deadline);
        return figures;
    }

    static JsonNode window(JsonNode figures, String name) {
        for (JsonNode window : figures.path("windows")) {
            if (name.equals(window.path("name").asText())) {
                return window;
            }
        }
        throw new AssertionError("no window " + name + " in " + figures);
    }

    static JsonNode grant(JsonNode figures, String grant) {
        return window(figures, "24h").path("grants").path(grant);
    }

    @Nested
    @DisplayName("counted per grant, with and without a proof")
    class PerGrant {

        @Test
        void requestsWithAndWithoutProofsGiveTheFiguresAndTheVerdict() {
            OAuthClient app = server.oauth(realm, "grants-app");
            ProofKey key = ProofKey.es256();
            // authorization code: one with a proof, one without
            assertBoundOnlyRefreshToken(app.exchangeCode(app.loginWithCode(USER, PASSWORD), proof(key)), key);
            TokenResponse plainLogin = app.exchangeCode(app.loginWithCode(USER, PASSWORD));
            assertUnbound(plainLogin);
            // password: one with a proof, two without
            TokenResponse bound = fixture.password("grants-app", null, proof(key));
            assertBoundOnlyRefreshToken(bound, key);
            TokenResponse unbound = fixture.password("grants-app", null);
            assertUnbound(fixture.password("grants-app", null));
            // refresh: an unbound token twice without a proof (one session), once with (it becomes bound), a bound
            // one with its proof; and a bound one without: refused, missing
            TokenResponse again = app.refresh(unbound.refreshToken());
            assertUnbound(again);
            assertUnbound(app.refresh(again.refreshToken()));
            assertBoundOnlyRefreshToken(app.refresh(plainLogin.refreshToken(), proof(key)), key);
            assertBoundOnlyRefreshToken(app.refresh(bound.refreshToken(), proof(key)), key);
            assertRefused(app.refresh(bound.refreshToken()), "invalid_dpop_proof", "missing");
            // device: one with a proof
            DeviceAuthorization device = app.startDevice("grants-app", "openid");
            app.approveDevice(device, USER, PASSWORD);
            assertBoundOnlyRefreshToken(app.pollDevice(device, proof(key)), key);

            JsonNode figures = figuresOnce("grants-app", f -> grant(f, "device_code").path("withProof").asLong() == 1
                    && grant(f, "refresh_token").path("refused").path("missing").asLong() == 1);
            assertThat(figures.path("clientId").asText()).isEqualTo("grants-app");
            assertThat(figures.path("mode").asText()).isEqualTo("optional");
            assertThat(figures.path("flushIntervalSeconds").asInt()).isEqualTo(1);
            assertThat(figures.path("countingSince").isTextual()).as(figures.toString()).isTrue();
            for (String name : List.of("24h", "7d", "longest")) {
                JsonNode window = window(figures, name);
                assertThat(counts(window.path("grants").path("authorization_code"))).as(name).isEqualTo("1/1/{}");
                assertThat(counts(window.path("grants").path("password"))).as(name).isEqualTo("1/2/{}");
                assertThat(counts(window.path("grants").path("refresh_token"))).as(name)
                        .isEqualTo("2/2/{\"missing\":1}");
                assertThat(counts(window.path("grants").path("device_code"))).as(name).isEqualTo("1/0/{}");
                assertThat(window.path("unboundRefreshes").asLong()).as(name).isEqualTo(3);
                assertThat(window.path("sessionsRefreshingUnboundWithoutProof").asLong()).as(name).isEqualTo(1);
                assertThat(window.path("sessionsExact").asBoolean()).as(name).isTrue();
                assertThat(window.path("wouldBeRefusedByRequired").asLong()).as(name).isEqualTo(5);
            }
            assertThat(window(figures, "24h").path("seconds").asLong()).isEqualTo(86_400);
            assertThat(window(figures, "7d").path("seconds").asLong()).isEqualTo(604_800);
            // the realm's longest refresh-token lifetime: offline session idle, 30 days by default
            assertThat(window(figures, "longest").path("seconds").asLong()).isEqualTo(2_592_000);
            assertThat(figures.path("verdict").path("state").asText()).isEqualTo("NOT_READY");
            assertThat(figures.path("verdict").path("text").asText()).isEqualTo("1 session refreshed unbound tokens"
                    + " without a proof in the last 30 days; 5 requests required would refuse");
        }

        @Test
        void aRequiredClientCountsItsRefusalsByReasonAndIsTooEarlyToCallReady() {
            ProofKey key = ProofKey.es256();
            assertRefused(fixture.password("required-app", null), "invalid_dpop_proof", "missing");
            assertRefused(fixture.password("required-app", null), "invalid_dpop_proof", "missing");
            String used = proof(key);
            assertBoundOnlyRefreshToken(fixture.password("required-app", null, used), key);
            assertRefused(fixture.password("required-app", null, used), "invalid_dpop_proof", "already been used");

            JsonNode figures = figuresOnce("required-app", f -> grant(f, "password").path("refused").size() == 2);
            assertThat(figures.path("mode").asText()).isEqualTo("required");
            assertThat(counts(grant(figures, "password"))).isEqualTo("1/0/{\"missing\":2,\"replay\":1}");
            assertThat(window(figures, "longest").path("wouldBeRefusedByRequired").asLong()).isZero();
            assertThat(figures.path("verdict").path("state").asText()).isEqualTo("TOO_EARLY");
            assertThat(figures.path("verdict").path("text").asText()).startsWith("No request that required would refuse")
                    .endsWith("30 days are needed to see apps that refresh rarely");
        }

        @Test
        void clientsThatAreNotCountedShowTheirModeAndZeroFigures() {
            assertUnbound(fixture.password("off-app", null));
            TokenResponse confidential = server.oauth(realm, "confidential-app", "s3cret").token(Map.of(
                    "grant_type", "password", "client_id", "confidential-app", "client_secret", "s3cret",
                    "username", USER, "password", PASSWORD));
            assertThat(confidential.status()).as(confidential.toString()).isEqualTo(200);
            sleep(2_500);
            for (String clientId : List.of("off-app", "confidential-app")) {
                JsonNode figures = figuresOnce(clientId, f -> true);
                assertThat(figures.path("mode").asText()).as(clientId).isEqualTo("off");
                // null: Keycloak's JSON leaves it out
                assertThat(figures.path("countingSince").isTextual()).as(clientId).isFalse();
                for (JsonNode window : figures.path("windows")) {
                    for (String g : List.of("authorization_code", "refresh_token", "password", "device_code")) {
                        assertThat(counts(window.path("grants").path(g))).as(clientId + " " + g).isEqualTo("0/0/{}");
                    }
                    assertThat(window.path("wouldBeRefusedByRequired").asLong()).isZero();
                }
            }
        }
    }

    @Nested
    @DisplayName("the endpoint answers whoever may view the client, and only them")
    class Access {

        @Test
        void anAdminWithViewClientsGetsTheFigures() {
            String token = realmAdminToken("client-viewer", "view-clients");
            HttpResponse<String> response = get(token, uuid("viewed-app"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(json(response.body()).path("clientId").asText()).isEqualTo("viewed-app");
        }

        @Test
        void aUserWithoutViewRightsIsRefused() {
            String token = realmAdminToken("user-viewer", "view-users");
            assertThat(get(token, uuid("viewed-app")).statusCode()).isEqualTo(403);
            assertThat(get(token, "no-such-client").statusCode()).isEqualTo(403);
            assertThat(get(realmAdminToken("no-roles", null), uuid("viewed-app")).statusCode()).isEqualTo(403);
        }

        @Test
        void withoutATokenTheAnswerIs401() {
            assertThat(get(null, uuid("viewed-app")).statusCode()).isEqualTo(401);
        }

        @Test
        void anUnknownClientIsNotFound() {
            assertThat(server.admin().figures(realm, "no-such-client").status()).isEqualTo(404);
        }

        @Test
        void badInputNeverGetsA5xx() {
            String admin = server.admin().accessToken();
            for (String id : List.of("x".repeat(5_000), "%00", "..%2F..%2Fusers", "'; drop table x;--", "%FF%FE",
                    "\u00e9\u4e2d", " ")) {
                HttpResponse<String> response = get(admin, id);
                assertThat(response.statusCode()).as(id).isBetween(400, 499);
            }
            URI base = server.baseUri().resolve("/admin/realms/" + realm + "/dpop-refresh/");
            for (String path : List.of("clients", "clients/" + uuid("viewed-app"), "clients/" + uuid("viewed-app")
                    + "/figures/more", "nothing")) {
                assertThat(send(admin, "GET", base.resolve(path)).statusCode()).as(path).isBetween(400, 499);
            }
            assertThat(send(admin, "POST", base.resolve("clients/" + uuid("viewed-app") + "/figures")).statusCode())
                    .isBetween(400, 499);
            assertThat(send(admin, "GET", server.baseUri().resolve("/admin/realms/no-such-realm/dpop-refresh/clients/x/figures"))
                    .statusCode()).isBetween(400, 499);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** "withProof/withoutProof/refused" of one grant. */
    static String counts(JsonNode grant) {
        return grant.path("withProof").asLong() + "/" + grant.path("withoutProof").asLong() + "/"
                + grant.path("refused").toString();
    }

    /**
     * An access token of a new user of the test realm with the realm-management role {@code role} (or none), through
     * the realm's own {@code admin-cli}, as an administrator of that realm logs in.
     */
    String realmAdminToken(String username, String role) {
        String name = username + "-" + feature.name().toLowerCase();
        String userId = server.admin().createUser(realm, name, "pw-" + name);
        if (role != null) {
            String management = server.admin().clientUuid(realm, "realm-management");
            JsonNode roleRep = server.admin().get("/admin/realms/" + realm + "/clients/" + management + "/roles/" + role);
            server.admin().post("/admin/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + management,
                    List.of(roleRep));
        }
        TokenResponse tokens = server.oauth(realm, "admin-cli").token(Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", name, "password", "pw-" + name));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens.accessToken();
    }

    HttpResponse<String> get(String token, String clientUuid) {
        return send(token, "GET", server.baseUri().resolve("/admin/realms/" + realm + "/dpop-refresh/clients/"
                + URLEncoder.encode(clientUuid, StandardCharsets.UTF_8).replace("+", "%20") + "/figures"));
    }

    static HttpResponse<String> send(String token, String method, URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
