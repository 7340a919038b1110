package io.github.dpoprefresh.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.testing.ProofKey;

/**
 * The suites' realm: a new realm on a shared server, with the events the suites read stored, one user, and public
 * clients made by {@link #publicClient}; with the requests and the assertions the suites share.
 */
public record TestRealm(KeycloakServer server, String name, String user, String password) {

    /** Keycloak does not store refresh events unless asked to. */
    public static final List<String> STORED_EVENTS = List.of("LOGIN", "LOGIN_ERROR", "CODE_TO_TOKEN",
            "CODE_TO_TOKEN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "OAUTH2_DEVICE_CODE_TO_TOKEN",
            "OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR", "LOGOUT", "LOGOUT_ERROR", "REVOKE_GRANT", "REVOKE_GRANT_ERROR");

    /** A new realm named {@code prefix-<random>} with events stored and the user; add clients to it. */
    public static TestRealm create(KeycloakServer server, String prefix, String user, String password) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        server.admin().createRealm(Map.of("realm", name, "enabled", true, "eventsEnabled", true,
                "eventsExpiration", 3600, "enabledEventTypes", STORED_EVENTS));
        server.admin().createUser(name, user, password);
        return new TestRealm(server, name, user, password);
    }

    /** A public client; {@code more} are further attribute names and values. */
    public static Map<String, Object> publicClient(String clientId, String binding, String... more) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < more.length; i += 2) {
            attributes.put(more[i], more[i + 1]);
        }
        attributes.put("pkce.code.challenge.method", "S256");
        attributes.put("oauth2.device.authorization.grant.enabled", "true");
        if (binding != null) {
            attributes.put("dpop.refresh.binding", binding);
        }
        return Map.of("clientId", clientId, "publicClient", true, "standardFlowEnabled", true,
                "directAccessGrantsEnabled", true, "redirectUris", List.of(OAuthClient.DEFAULT_REDIRECT_URI),
                "attributes", attributes);
    }

    public TestRealm withClient(Map<String, ?> representation) {
        server.admin().createClient(name, representation);
        return this;
    }

    public URI tokenEndpoint() {
        return server.tokenEndpoint(name);
    }

    /** A password grant of the user with the public client {@code clientId}. */
    public TokenResponse password(String clientId, String scope, String... proofs) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password));
        if (scope != null) {
            form.put("scope", scope);
        }
        return server.oauth(name, clientId).token(form, proofs);
    }

    /** The user session of {@code tokens} is still there. */
    public boolean sessionActive(TokenResponse tokens) {
        String sid = tokens.refreshTokenClaims().path("sid").asText();
        for (JsonNode s : server.admin().userSessions(name, server.admin().userId(name, user))) {
            if (sid.equals(s.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** 200; the refresh token bound to {@code key}, the access token Bearer. */
    public static void assertBoundOnlyRefreshToken(TokenResponse tokens, ProofKey key) {
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.tokenType()).isEqualToIgnoringCase("Bearer");
        assertThat(tokens.accessTokenClaims().has("cnf")).as("access token cnf").isFalse();
        assertThat(tokens.refreshTokenClaims().path("cnf").path("jkt").asText()).isEqualTo(key.thumbprint());
    }

    /** 200; neither token bound. */
    public static void assertUnbound(TokenResponse tokens) {
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.tokenType()).isEqualToIgnoringCase("Bearer");
        assertThat(tokens.accessTokenClaims().has("cnf")).isFalse();
        assertThat(tokens.refreshTokenClaims().has("cnf")).isFalse();
    }

    /** HTTP 400 with this {@code error}, a description containing {@code descriptionPart}, and no token. */
    public static void assertRefused(TokenResponse response, String error, String descriptionPart) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.error()).as(response.toString()).isEqualTo(error);
        assertThat(response.errorDescription()).as(response.toString()).containsIgnoringCase(descriptionPart);
        assertThat(response.body()).doesNotContain("access_token", "refresh_token");
    }

    /** 400, or Keycloak's own 401 invalid_client for a client it cannot authenticate; no token. */
    public static void assertNoTokens(TokenResponse response) {
        assertThat(response.status()).as(response.toString()).isIn(400, 401);
        assertThat(response.body()).as(response.toString()).doesNotContain("access_token", "refresh_token");
    }
}
