package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an operator sees and sets: server-wide options ({@code --spi-dpop-refresh--default--...}), the server info
 * page, events and metrics. Runs on a server of its own, started with non-default options and metrics on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("operating it: options, server info, events, metrics")
class OperationsIT {

    static final String REALM = "operations";
    static final String APP = "ops-app";

    KeycloakServer server;
    OAuthClient client;

    @BeforeAll
    void start() {
        server = KeycloakServers.get("settings", "--metrics-enabled=true",
                "--spi-dpop-refresh--default--algorithms=ES256,EdDSA",
                "--spi-dpop-refresh--default--max-age=20",
                "--spi-dpop-refresh--default--unbound-refresh-with-proof=keep-unbound");
        server.admin().createRealm(Map.of("realm", REALM, "enabled", true, "eventsEnabled", true,
                "enabledEventTypes", TestRealm.STORED_EVENTS));
        server.admin().createClient(REALM, TestRealm.publicClient(APP, "optional"));
        server.admin().createUser(REALM, "bob", "bob-password");
        client = server.oauth(REALM, APP);
    }

    TokenResponse password(String... proofs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", APP);
        form.put("username", "bob");
        form.put("password", "bob-password");
        return client.token(form, proofs);
    }

    String proof(ProofKey key) {
        return key.proof("POST", server.tokenEndpoint(REALM));
    }

    @Test
    void serverInfoShowsTheEffectiveSettings() {
        JsonNode info = server.admin().serverInfo().path("providers").path("dpop-refresh").path("providers")
                .path("default").path("operationalInfo");
        assertThat(info.path("algorithms").asText()).isEqualTo("ES256,EdDSA");
        assertThat(info.path("max-age").asText()).isEqualTo("20 s");
        assertThat(info.path("clock-skew").asText()).isEqualTo("30 s");
        assertThat(info.path("unbound-refresh-with-proof").asText()).isEqualTo("keep-unbound");
        assertThat(info.path("version").asText()).isNotBlank();
        // Keycloak's default distribution registers BouncyCastle before providers start: EC and EdDSA proofs use it
        assertThat(info.path("signature-provider").asText()).startsWith("BC for ES256");
    }

    @Test
    void algorithmsOutsideTheConfiguredListAreRefused() {
        TokenResponse refused = password(proof(ProofKey.rs256()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_dpop_proof");
        assertThat(refused.errorDescription()).contains("ES256", "EdDSA").doesNotContain("RS256");

        ProofKey key = ProofKey.edDsa();
        TokenResponse tokens = password(proof(key));
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.refreshTokenClaims().path("cnf").path("jkt").asText()).isEqualTo(key.thumbprint());
    }

    @Test
    void configuredMaxAgeApplies() {
        ProofKey key = ProofKey.es256();
        long now = System.currentTimeMillis() / 1000;
        // max age 20 s + clock skew 30 s: 55 s is too old here, though the default window (60 s) would take it
        TokenResponse refused = password(key.proof("POST", server.tokenEndpoint(REALM), now - 55));
        assertThat(refused.error()).isEqualTo("invalid_dpop_proof");
        assertThat(refused.errorDescription()).contains("too old");
    }

    @Test
    void keepUnboundLeavesUnboundRefreshTokensUnboundButChecksTheProof() {
        TokenResponse unbound = password();
        assertThat(unbound.refreshTokenClaims().has("cnf")).isFalse();

        TokenResponse badProof = client.refresh(unbound.refreshToken(), "garbage");
        assertThat(badProof.error()).isEqualTo("invalid_dpop_proof");

        TokenResponse refreshed = client.refresh(unbound.refreshToken(), proof(ProofKey.es256()));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.refreshTokenClaims().has("cnf")).isFalse();
    }

    @Test
    void successEventsSayWhatWasBound() {
        ProofKey key = ProofKey.es256();
        TokenResponse tokens = password(proof(key));
        TokenResponse refreshed = client.refresh(tokens.refreshToken(), proof(key));
        assertThat(refreshed.status()).isEqualTo(200);

        JsonNode refresh = server.admin().events(REALM, Map.of("type", "REFRESH_TOKEN", "client", APP)).get(0);
        assertThat(refresh.path("details").path("dpop_bound").asText()).isEqualTo("kept");
        JsonNode login = server.admin().events(REALM, Map.of("type", "LOGIN", "client", APP)).get(0);
        assertThat(login.path("details").path("dpop_bound").asText()).isEqualTo("new");
        assertThat(refresh.toString()).doesNotContain(key.thumbprint());
    }

    @Test
    void metricsCountProofsRefusalsAndBindings() throws Exception {
        double accepted = metric("dpop_refresh_proofs_total", "outcome=\"accepted\"");
        double signature = metric("dpop_refresh_proofs_total", "reason=\"malformed\"");
        double kept = metric("dpop_refresh_bindings_total", "binding=\"kept\"");

        ProofKey key = ProofKey.es256();
        TokenResponse tokens = password(proof(key));
        client.refresh(tokens.refreshToken(), "garbage");
        assertThat(client.refresh(tokens.refreshToken(), proof(key)).status()).isEqualTo(200);

        assertThat(metric("dpop_refresh_proofs_total", "outcome=\"accepted\"")).isEqualTo(accepted + 2);
        assertThat(metric("dpop_refresh_proofs_total", "reason=\"malformed\"")).isEqualTo(signature + 1);
        assertThat(metric("dpop_refresh_bindings_total", "binding=\"kept\"")).isEqualTo(kept + 1);
    }

    /** The value of a counter of this realm in the Prometheus scrape, 0 when it does not exist yet. */
    double metric(String name, String label) throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUri() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        Pattern line = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape.body());
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("realm=\"" + REALM + "\"") && m.group(1).contains(label)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Test
    void anInvalidOptionStopsTheServerAtStartWithAClearMessage() throws Exception {
        KeycloakServer broken = new KeycloakServer("invalid-option", List.of("--spi-dpop-refresh--default--max-age=soon"));
        try {
            assertThatThrownBy(broken::start).isInstanceOf(RuntimeException.class);
            assertThat(Files.readString(broken.logFile()))
                    .contains("Invalid value 'soon' for --spi-dpop-refresh--default--max-age");
        } finally {
            broken.stop();
        }
    }
}
