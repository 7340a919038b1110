package io.github.dpoprefresh.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import io.github.dpoprefresh.it.support.AuthCode;
import io.github.dpoprefresh.it.support.DeviceAuthorization;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TokenResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the harness itself against the real Keycloak distribution: both shared servers, the demo realm, the flows. */
class HarnessSmokeIT {

    private static final String REALM = "dpop-demo";

    private static KeycloakServer on;
    private static KeycloakServer off;

    @BeforeAll
    static void startServers() {
        KeycloakServers.startBoth();
        on = KeycloakServers.dpopFeatureOn();
        off = KeycloakServers.dpopFeatureOff();
    }

    @Test
    void demoRealmIsImportedOnBothServers() {
        for (KeycloakServer kc : List.of(on, off)) {
            JsonNode realm = kc.admin().realm(REALM);
            assertThat(realm.path("enabled").asBoolean()).isTrue();
            assertThat(realm.path("eventsEnabled").asBoolean()).isTrue();
            assertThat(kc.admin().client(REALM, "native-app").path("attributes").path("dpop.refresh.binding").asText())
                    .isEqualTo("optional");
            assertThat(kc.admin().client(REALM, "strict-app").path("attributes").path("dpop.refresh.binding").asText())
                    .isEqualTo("required");
            assertThat(kc.admin().client(REALM, "backend-service").path("publicClient").asBoolean()).isFalse();
            assertThat(kc.admin().userId(REALM, "demo")).isNotBlank();
        }
    }

    @Test
    void extensionJarIsDeployedAndStartupLogHasNoError() {
        Path jar = Paths.get(System.getProperty("extension.jar", "target/keycloak-dpop-refresh.jar"));
        for (KeycloakServer kc : List.of(on, off)) {
            assertThat(kc.home().resolve("providers").resolve(jar.getFileName())).exists();
            assertThat(Files.exists(kc.logFile())).isTrue();
            List<String> errors = kc.startupLog().lines().filter(l -> l.contains(" ERROR ")).collect(Collectors.toList());
            assertThat(errors).as("ERROR lines in %s", kc.logFile()).isEmpty();
            assertThat(kc.startupLog()).contains("Keycloak " + kc.version()).contains("Listening on: " + kc.baseUri());
        }
    }

    @Test
    void serversRunTheVersionThisRunNames() {
        // keycloak.version: set by the pom for each execution of the version matrix (and for the plain build)
        String named = System.getProperty("keycloak.version", KeycloakServers.version());
        assertThat(KeycloakServers.version()).isEqualTo(named);
        for (KeycloakServer kc : List.of(on, off)) {
            assertThat(kc.version()).isEqualTo(named);
            assertThat(kc.startupLog()).contains("Keycloak " + named + " on JVM");
        }
    }

    @Test
    void codeWithPkceLoginExchangesWithoutDpop() {
        OAuthClient client = on.oauth(REALM, "native-app");
        AuthCode code = client.loginWithCode("demo", "demo");
        assertThat(code.code()).isNotBlank();
        assertThat(code.callbackParams()).containsEntry("iss", on.realmUri(REALM).toString());

        TokenResponse tokens = client.exchangeCode(code);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.tokenType()).isEqualToIgnoringCase("Bearer");
        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(tokens.accessTokenClaims().path("azp").asText()).isEqualTo("native-app");
        assertThat(tokens.accessTokenClaims().path("preferred_username").asText()).isEqualTo("demo");
        assertThat(tokens.refreshTokenClaims().path("typ").asText()).isEqualTo("Refresh");

        TokenResponse refreshed = client.refresh(tokens.refreshToken());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);

        String userId = on.admin().userId(REALM, "demo");
        assertThat(on.admin().userSessions(REALM, userId)).isNotEmpty();
        JsonNode events = on.admin().events(REALM, java.util.Map.of("client", "native-app", "type", "CODE_TO_TOKEN"));
        assertThat(events).isNotEmpty();
    }

    @Test
    void deviceFlowEndsInTokens() throws InterruptedException {
        OAuthClient client = on.oauth(REALM, "native-app");
        DeviceAuthorization device = client.startDevice("native-app", "openid");
        assertThat(device.userCode()).isNotBlank();

        TokenResponse pending = client.pollDevice(device);
        assertThat(pending.error()).isEqualTo("authorization_pending");

        client.approveDevice(device, "demo", "demo");

        TokenResponse tokens = client.pollDevice(device);
        for (int i = 0; i < 10 && "slow_down".equals(tokens.error()); i++) {
            Thread.sleep(device.interval() * 1000);
            tokens = client.pollDevice(device);
        }
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.refreshToken()).isNotBlank();
        assertThat(tokens.accessTokenClaims().path("preferred_username").asText()).isEqualTo("demo");
    }

    @Test
    void dpopFeatureShowsInDiscoveryOnlyWhenOn() throws Exception {
        assertThat(wellKnown(on).has("dpop_signing_alg_values_supported")).isTrue();
        assertThat(wellKnown(off).has("dpop_signing_alg_values_supported")).isFalse();
        assertThat(wellKnown(off).has("token_endpoint")).isTrue();
    }

    @Test
    void rawRequestsReachTheTokenEndpoint() {
        OAuthClient client = on.oauth(REALM, "native-app");
        TokenResponse r = client.rawTokenPost(java.util.Map.of("grant_type", "refresh_token",
                "client_id", "native-app", "refresh_token", "not-a-token"), "X-Harness: raw\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid_grant");
    }

    @Test
    void dpopProofsAreSentAsHeaders() throws Exception {
        // only what holds with and without the extension: Keycloak sees the headers and checks the proofs
        OAuthClient client = on.oauth(REALM, "native-app");
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);

        TokenResponse wrongMethod = client.exchangeCode(client.loginWithCode("demo", "demo"),
                proofs.createDPoPJWT("GET", client.tokenEndpoint()).serialize());
        assertThat(wrongMethod.status()).as(wrongMethod.toString()).isEqualTo(400);
        // stock Keycloak 26.7.3 answers invalid_request here (its event says invalid_dpop_proof); RFC 9449 says
        // invalid_dpop_proof, which is what the extension answers
        assertThat(wrongMethod.error()).as(wrongMethod.toString()).isIn("invalid_dpop_proof", "invalid_request");

        TokenResponse twice = client.exchangeCode(client.loginWithCode("demo", "demo"),
                proofs.createDPoPJWT("POST", client.tokenEndpoint()).serialize(),
                proofs.createDPoPJWT("POST", client.tokenEndpoint()).serialize());
        assertThat(twice.status()).as(twice.toString()).isEqualTo(400);

        TokenResponse tokens = client.exchangeCode(client.loginWithCode("demo", "demo"),
                proofs.createDPoPJWT("POST", client.tokenEndpoint()).serialize());
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
    }

    @Test
    void rawRequestWithHugeHeaderStillGetsAnAnswer() {
        OAuthClient client = on.oauth(REALM, "native-app");
        byte[] huge = ("DPoP: " + "a".repeat(200_000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        TokenResponse r = client.rawTokenPost(java.util.Map.of("grant_type", "refresh_token"), huge);
        assertThat(r.status()).isBetween(400, 499);
    }

    private static JsonNode wellKnown(KeycloakServer kc) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(kc.wellKnown(REALM)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }
}
