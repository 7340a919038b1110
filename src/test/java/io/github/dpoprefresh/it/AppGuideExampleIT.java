package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.example.DpopApp.LoggedOut;
import io.github.dpoprefresh.example.DpopApp.LoginRequired;
import io.github.dpoprefresh.example.DpopApp.Outcome;
import io.github.dpoprefresh.example.DpopApp.ProofRefused;
import io.github.dpoprefresh.example.DpopApp.Tokens;
import io.github.dpoprefresh.example.DpopApp;
import io.github.dpoprefresh.it.support.AuthCode;
import io.github.dpoprefresh.it.support.DpopFeature;
import io.github.dpoprefresh.it.support.InBothDpopModes;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * The app of docs/app-developers.md ({@link DpopApp}, the Java twin of its Kotlin sketch) against the real server:
 * login (code + PKCE through the login form), refresh, the nonce retry, a wrong device clock, and the answers the
 * guide tells apps to handle. Runs once per Keycloak configuration (the {@code dpop} feature on and off).
 */
@DisplayName("the app guide's Java example")
@InBothDpopModes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppGuideExampleIT {

    @Parameter
    DpopFeature feature;

    static final String APP = "guide-app";
    static final String NONCE_APP = "guide-nonce-app";
    static final String OFF_APP = "guide-off-app";
    static final String USER = "guide-user";
    static final String PASSWORD = "guide-password";

    KeycloakServer server;
    String realm;

    @BeforeParameterizedClassInvocation
    void createRealm() {
        server = feature.server();
        realm = "guide-" + getClass().getSimpleName().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        server.admin().createRealm(Map.of("realm", realm, "enabled", true, "eventsEnabled", true,
                "eventsExpiration", 3600, "enabledEventTypes", TestRealm.STORED_EVENTS));
        server.admin().createClient(realm, TestRealm.publicClient(APP, "optional"));
        server.admin().createClient(realm, TestRealm.publicClient(NONCE_APP, "optional",
                "dpop.refresh.require-nonce", "true"));
        server.admin().createClient(realm, TestRealm.publicClient(OFF_APP, null));
        server.admin().createUser(realm, USER, PASSWORD);
    }

    @AfterParameterizedClassInvocation
    void deleteRealm() {
        server.admin().deleteRealm(realm);
    }

    /** A device clock the user can set wrong. */
    static final class DeviceClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    DpopApp newApp(String clientId, Clock deviceClock) {
        return new DpopApp(clientId, server.tokenEndpoint(realm), deviceClock);
    }

    /** A new installation of the app: a key, then the login in the browser and the app's code exchange. */
    DpopApp loggedIn(String clientId, Clock deviceClock) throws Exception {
        DpopApp app = newApp(clientId, deviceClock);
        app.createKey();
        AuthCode code = server.oauth(realm, clientId).loginWithCode(USER, PASSWORD);
        Outcome outcome = app.exchangeCode(code.code(), code.codeVerifier(), code.redirectUri());
        assertThat(outcome).as("code exchange").isInstanceOf(Tokens.class);
        return app;
    }

    DpopApp loggedIn(String clientId) throws Exception {
        return loggedIn(clientId, Clock.systemUTC());
    }

    List<JsonNode> events(String type, String clientId) {
        List<JsonNode> events = new ArrayList<>();
        server.admin().events(realm, Map.of("type", type, "client", clientId)).forEach(events::add);
        return events;
    }

    List<String> sessionIds() {
        List<String> ids = new ArrayList<>();
        server.admin().userSessions(realm, server.admin().userId(realm, USER)).forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    @Test
    void loginBindsTheRefreshTokenAndTheAccessTokenStaysBearer() throws Exception {
        DpopApp app = newApp(APP, Clock.systemUTC());
        app.createKey();
        AuthCode code = server.oauth(realm, APP).loginWithCode(USER, PASSWORD);

        Tokens tokens = (Tokens) app.exchangeCode(code.code(), code.codeVerifier(), code.redirectUri());

        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(TokenResponse.claims(tokens.accessToken()).has("cnf")).as("access token bound").isFalse();
        assertThat(TokenResponse.claims(app.refreshToken()).path("cnf").path("jkt").asText())
                .isEqualTo(app.keyThumbprint());
    }

    @Test
    void refreshGivesANewRefreshTokenStillBoundToTheKey() throws Exception {
        DpopApp app = loggedIn(APP);
        String first = app.refreshToken();

        assertThat(app.refresh()).isInstanceOf(Tokens.class);
        assertThat(app.refresh()).isInstanceOf(Tokens.class);

        assertThat(app.refreshToken()).isNotEqualTo(first);
        assertThat(TokenResponse.claims(app.refreshToken()).path("cnf").path("jkt").asText())
                .isEqualTo(app.keyThumbprint());
    }

    @Test
    void nonceChallengeIsRetriedOnceWithTheServersNonceAndTheNonceIsKept() throws Exception {
        int challenges = events("CODE_TO_TOKEN_ERROR", NONCE_APP).size();
        int refreshErrors = events("REFRESH_TOKEN_ERROR", NONCE_APP).size();
        DpopApp app = loggedIn(NONCE_APP);   // a new app knows no nonce: challenged once, then accepted

        List<JsonNode> exchangeErrors = events("CODE_TO_TOKEN_ERROR", NONCE_APP);
        assertThat(exchangeErrors).hasSize(challenges + 1);
        assertThat(exchangeErrors.get(0).path("error").asText()).isEqualTo("use_dpop_nonce");   // newest first
        assertThat(app.refresh()).isInstanceOf(Tokens.class);
        assertThat(events("REFRESH_TOKEN_ERROR", NONCE_APP)).as("the refresh used the nonce it kept")
                .hasSize(refreshErrors);
        assertThat(TokenResponse.claims(app.refreshToken()).path("cnf").path("jkt").asText())
                .isEqualTo(app.keyThumbprint());
    }

    @Test
    void proofRefusedForAWrongDeviceClockKeepsTheRefreshTokenGood() throws Exception {
        DeviceClock clock = new DeviceClock();
        DpopApp app = loggedIn(APP, clock);
        String refreshToken = app.refreshToken();

        clock.offset = Duration.ofMinutes(-10);   // the user set the clock back: iat outside the window
        Outcome refused = app.refresh();

        assertThat(refused).isInstanceOf(ProofRefused.class);
        assertThat(((ProofRefused) refused).description()).contains("iat");
        assertThat(app.refreshToken()).as("kept").isEqualTo(refreshToken);
        assertThat(events("REFRESH_TOKEN_ERROR", APP)).extracting(e -> e.path("details").path("dpop_reason").asText())
                .contains("iat");
        clock.offset = Duration.ZERO;
        assertThat(app.refresh()).as("the same refresh token, once the clock is right").isInstanceOf(Tokens.class);
    }

    @Test
    void thiefWithAnotherKeyIsToldToLogInAndTheAppGoesOn() throws Exception {
        DpopApp app = loggedIn(APP);
        DpopApp thief = newApp(APP, Clock.systemUTC());
        thief.createKey();
        thief.restore(app.refreshToken());

        Outcome outcome = thief.refresh();

        assertThat(outcome).isInstanceOf(LoginRequired.class);
        assertThat(((LoginRequired) outcome).description()).isNotBlank();
        assertThat(thief.refreshToken()).as("deleted").isNull();
        assertThat(app.refresh()).as("the app goes on").isInstanceOf(Tokens.class);
    }

    @Test
    void refreshTokenRestoredWithoutItsKeyIsNeverSent() throws Exception {
        DpopApp app = loggedIn(APP);
        DpopApp restoredOnANewPhone = newApp(APP, Clock.systemUTC());
        restoredOnANewPhone.restore(app.refreshToken());
        int errors = events("REFRESH_TOKEN_ERROR", APP).size();

        assertThat(restoredOnANewPhone.refresh()).isEqualTo(new LoginRequired("no key for the refresh token"));
        assertThat(restoredOnANewPhone.refreshToken()).isNull();
        assertThat(events("REFRESH_TOKEN_ERROR", APP)).as("nothing sent").hasSize(errors);
    }

    @Test
    void logoutWithAProofEndsTheSession() throws Exception {
        DpopApp app = loggedIn(NONCE_APP);
        String session = TokenResponse.claims(app.refreshToken()).path("sid").asText();
        assertThat(sessionIds()).contains(session);

        assertThat(app.logout(server.oauth(realm, NONCE_APP).logoutEndpoint())).isEqualTo(new LoggedOut());

        assertThat(app.refreshToken()).isNull();
        assertThat(app.keyThumbprint()).isNull();
        assertThat(sessionIds()).doesNotContain(session);
    }

    @Test
    void proofsToAClientWhoseSettingIsOffGetDPoPBoundAccessTokensFromKeycloakWhenItsFeatureIsOn() throws Exception {
        // the guide's warning: ship the app's DPoP only after the operator set the client to optional
        DpopApp app = loggedIn(OFF_APP);

        Tokens tokens = (Tokens) app.refresh();

        if (feature.on()) {
            assertThat(tokens.tokenType()).isEqualTo("DPoP");
            assertThat(TokenResponse.claims(tokens.accessToken()).path("cnf").path("jkt").asText())
                    .isEqualTo(app.keyThumbprint());
        } else {
            assertThat(tokens.tokenType()).isEqualTo("Bearer");
            assertThat(TokenResponse.claims(tokens.accessToken()).has("cnf")).isFalse();
        }
    }
}
