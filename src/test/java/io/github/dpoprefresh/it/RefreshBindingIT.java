package io.github.dpoprefresh.it;

import static io.github.dpoprefresh.it.support.TestRealm.assertBoundOnlyRefreshToken;
import static io.github.dpoprefresh.it.support.TestRealm.assertRefused;
import static io.github.dpoprefresh.it.support.TestRealm.assertUnbound;
import static io.github.dpoprefresh.it.support.TestRealm.publicClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.AuthCode;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the extension promises, checked against a real Keycloak with the jar installed. Runs once per Keycloak
 * configuration (the {@code dpop} feature on and off): the answers must be the same in both.
 */
@DisplayName("refresh binding")
@InBothDpopModes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshBindingIT {

    @Parameter
    DpopFeature feature;

    static final String OPTIONAL = "optional-app";
    static final String REQUIRED = "required-app";
    static final String OFF = "off-app";
    static final String CONFIDENTIAL = "confidential-app";
    static final String NONCE = "nonce-app";
    static final String THEFT = "theft-app";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password";

    KeycloakServer server;
    TestRealm fixture;
    String realm;

    @BeforeParameterizedClassInvocation
    void createRealm() {
        server = feature.server();
        fixture = TestRealm.create(server, "binding", USER, PASSWORD)
                .withClient(publicClient(OPTIONAL, "optional"))
                .withClient(publicClient(REQUIRED, "required"))
                .withClient(publicClient(OFF, null))
                .withClient(publicClient(NONCE, "optional", "dpop.refresh.require-nonce", "true"))
                .withClient(publicClient(THEFT, "optional", "dpop.refresh.theft-response", "revoke-session"))
                .withClient(Map.of("clientId", CONFIDENTIAL, "publicClient", false, "secret", "s3cret",
                        "directAccessGrantsEnabled", true, "attributes", Map.of("dpop.refresh.binding", "optional")));
        realm = fixture.name();
    }

    OAuthClient client(String clientId) {
        return clientId.equals(CONFIDENTIAL) ? new OAuthClient(server, realm, clientId, "s3cret") : server.oauth(realm, clientId);
    }

    URI tokenEndpoint() {
        return server.tokenEndpoint(realm);
    }

    String proof(ProofKey key) {
        return key.proof("POST", tokenEndpoint());
    }

    TokenResponse password(String clientId, String scope, String... proofs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientId.equals(CONFIDENTIAL)) {
            form.put("client_secret", "s3cret");
        }
        form.put("username", USER);
        form.put("password", PASSWORD);
        if (scope != null) {
            form.put("scope", scope);
        }
        return client(clientId).token(form, proofs);
    }

    /** A refresh token bound to {@code key}, obtained the way a native app would: code + PKCE through the login page. */
    TokenResponse boundSession(String clientId, ProofKey key) {
        OAuthClient client = client(clientId);
        AuthCode code = client.loginWithCode(USER, PASSWORD);
        TokenResponse tokens = client.exchangeCode(code, proof(key));
        assertBoundOnlyRefreshToken(tokens, key);
        return tokens;
    }



    @Nested
    @DisplayName("optional: a proof binds the refresh token, no proof changes nothing")
    class Optional {

        @Test
        void codeExchangeWithProofBindsOnlyTheRefreshToken() {
            boundSession(OPTIONAL, ProofKey.es256());
        }

        @ParameterizedTest
        @MethodSource("io.github.dpoprefresh.it.RefreshBindingIT#keys")
        void refreshWithTheSameKeyRotatesAndStaysBound(ProofKey key) {
            TokenResponse first = password(OPTIONAL, null, proof(key));
            assertBoundOnlyRefreshToken(first, key);

            TokenResponse second = client(OPTIONAL).refresh(first.refreshToken(), proof(key));
            assertBoundOnlyRefreshToken(second, key);
            TokenResponse third = client(OPTIONAL).refresh(second.refreshToken(), proof(key));
            assertBoundOnlyRefreshToken(third, key);
        }

        @Test
        void withoutProofTokensAreUnboundAndRefreshAsBefore() {
            TokenResponse tokens = password(OPTIONAL, null);
            assertUnbound(tokens);
            assertUnbound(client(OPTIONAL).refresh(tokens.refreshToken()));
        }

        @Test
        void unboundRefreshTokenRefreshedWithAProofBecomesBound() {
            ProofKey key = ProofKey.es256();
            TokenResponse unbound = password(OPTIONAL, null);
            assertUnbound(unbound);

            TokenResponse upgraded = client(OPTIONAL).refresh(unbound.refreshToken(), proof(key));
            assertBoundOnlyRefreshToken(upgraded, key);
            assertRefused(client(OPTIONAL).refresh(upgraded.refreshToken()), "invalid_dpop_proof", "bound");
        }

        @Test
        void deviceGrantWithProofBindsTheRefreshToken() {
            ProofKey key = ProofKey.es256();
            OAuthClient client = client(OPTIONAL);
            DeviceAuthorization device = client.startDevice(OPTIONAL, "openid");
            client.approveDevice(device, USER, PASSWORD);
            assertBoundOnlyRefreshToken(client.pollDevice(device, proof(key)), key);
        }

        @Test
        void offlineTokenStaysBoundAcrossRefreshes() {
            ProofKey key = ProofKey.es256();
            TokenResponse offline = password(OPTIONAL, "openid offline_access", proof(key));
            assertBoundOnlyRefreshToken(offline, key);
            assertThat(offline.refreshTokenClaims().path("typ").asText()).isEqualTo("Offline");

            assertRefused(client(OPTIONAL).refresh(offline.refreshToken()), "invalid_dpop_proof", "missing");
            TokenResponse refreshed = client(OPTIONAL).refresh(offline.refreshToken(), proof(key));
            assertBoundOnlyRefreshToken(refreshed, key);
            assertThat(refreshed.refreshTokenClaims().path("typ").asText()).isEqualTo("Offline");
        }
    }

    @Nested
    @DisplayName("a bound refresh token needs a fresh proof of its key")
    class Bound {

        @Test
        void refreshWithoutProofIsRefusedAndTheHolderGoesOn() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);

            assertRefused(client(OPTIONAL).refresh(tokens.refreshToken()), "invalid_dpop_proof", "missing");

            assertBoundOnlyRefreshToken(client(OPTIONAL).refresh(tokens.refreshToken(), proof(key)), key);
        }

        @Test
        void stolenRefreshTokenWithTheAttackersKeyIsRefused() {
            ProofKey holder = ProofKey.es256();
            ProofKey attacker = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, holder);

            assertRefused(client(OPTIONAL).refresh(tokens.refreshToken(), proof(attacker)), "invalid_grant", "another DPoP key");

            assertBoundOnlyRefreshToken(client(OPTIONAL).refresh(tokens.refreshToken(), proof(holder)), holder);
        }

        @Test
        void replayedProofIsRefused() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);
            String proof = proof(key);
            TokenResponse next = client(OPTIONAL).refresh(tokens.refreshToken(), proof);
            assertBoundOnlyRefreshToken(next, key);

            assertRefused(client(OPTIONAL).refresh(next.refreshToken(), proof), "invalid_dpop_proof", "already been used");

            assertBoundOnlyRefreshToken(client(OPTIONAL).refresh(next.refreshToken(), proof(key)), key);
        }

        @Test
        void refusalIsAnEventWithTheReason() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);
            client(OPTIONAL).refresh(tokens.refreshToken(), "not-a-proof");

            JsonNode event = server.admin().events(realm, Map.of("type", "REFRESH_TOKEN_ERROR", "client", OPTIONAL)).get(0);
            assertThat(event.path("error").asText()).isEqualTo("invalid_dpop_proof");
            assertThat(event.path("details").path("dpop_reason").asText()).isEqualTo("malformed");
            assertThat(event.path("details").path("reason").asText()).contains("compact serialization");
            assertThat(event.path("userId").asText()).isEqualTo(server.admin().userId(realm, USER));
            assertThat(event.toString()).doesNotContain(tokens.refreshToken());
        }
    }

    @Nested
    @DisplayName("required: every token request needs a proof")
    class Required {

        @Test
        void passwordGrantWithoutProofIsRefused() {
            assertRefused(password(REQUIRED, null), "invalid_dpop_proof", "requires");
        }

        @Test
        void codeExchangeWithoutProofIsRefusedAndWithProofBinds() {
            OAuthClient client = client(REQUIRED);
            AuthCode code = client.loginWithCode(USER, PASSWORD);
            assertRefused(client.exchangeCode(code), "invalid_dpop_proof", "requires");
            // the proof is checked before Keycloak looks at the code, so the code is still good
            ProofKey key = ProofKey.es256();
            assertBoundOnlyRefreshToken(client.exchangeCode(code, proof(key)), key);
        }

        @Test
        void deviceGrantWithoutProofIsRefused() {
            OAuthClient client = client(REQUIRED);
            DeviceAuthorization device = client.startDevice(REQUIRED, "openid");
            client.approveDevice(device, USER, PASSWORD);
            assertRefused(client.pollDevice(device), "invalid_dpop_proof", "requires");
            ProofKey key = ProofKey.es256();
            assertBoundOnlyRefreshToken(client.pollDevice(device, proof(key)), key);
        }

        @Test
        void refreshOfABoundTokenWithoutProofIsRefused() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = password(REQUIRED, null, proof(key));
            assertBoundOnlyRefreshToken(tokens, key);
            assertRefused(client(REQUIRED).refresh(tokens.refreshToken()), "invalid_dpop_proof", "missing");
        }
    }

    @Nested
    @DisplayName("clients the extension leaves alone")
    class LeftAlone {

        @Test
        void confidentialClientRefreshTokensAreNeverBound() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = password(CONFIDENTIAL, null, proof(key));
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(tokens.refreshTokenClaims().has("cnf")).isFalse();
            assertThat(client(CONFIDENTIAL).refresh(tokens.refreshToken()).status()).isEqualTo(200);
        }

        @Test
        void clientWithTheSettingOffBehavesAsStockKeycloak() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = password(OFF, null, proof(key));
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            if (feature.on()) {
                // Keycloak's own DPoP: both tokens bound, token_type DPoP
                assertThat(tokens.tokenType()).isEqualToIgnoringCase("DPoP");
                assertThat(tokens.accessTokenClaims().path("cnf").path("jkt").asText()).isEqualTo(key.thumbprint());
            } else {
                assertUnbound(tokens);
            }
        }
    }

    TokenResponse logout(String clientId, String refreshToken, ProofKey key) {
        OAuthClient client = client(clientId);
        return key == null ? client.logout(refreshToken) : client.logout(refreshToken, key.proof("POST", client.logoutEndpoint()));
    }

    TokenResponse revoke(String clientId, String refreshToken, ProofKey key) {
        OAuthClient client = client(clientId);
        Map<String, String> form = Map.of("token", refreshToken, "token_type_hint", "refresh_token", "client_id", clientId);
        return client.post(client.revocationEndpoint(), form,
                key == null ? Map.of() : Map.of("DPoP", List.of(key.proof("POST", client.revocationEndpoint()))));
    }

    boolean sessionActive(TokenResponse tokens) {
        return fixture.sessionActive(tokens);
    }

    @Nested
    @DisplayName("logout and revocation with a bound refresh token")
    class LogoutAndRevocation {

        @Test
        void logoutWithAProofOfTheKeyEndsTheSession() {
            for (String clientId : List.of(OPTIONAL, REQUIRED)) {
                ProofKey key = ProofKey.es256();
                TokenResponse tokens = password(clientId, null, proof(key));
                assertBoundOnlyRefreshToken(tokens, key);

                TokenResponse logout = logout(clientId, tokens.refreshToken(), key);
                assertThat(logout.status()).as(clientId + " " + logout).isEqualTo(204);

                assertThat(sessionActive(tokens)).isFalse();
                assertThat(client(clientId).refresh(tokens.refreshToken(), proof(key)).status()).isEqualTo(400);
            }
        }

        @Test
        void logoutWithoutAProofOrWithAnotherKeyIsRefusedAndTheSessionLives() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);

            assertRefused(logout(OPTIONAL, tokens.refreshToken(), null), "invalid_dpop_proof", "missing");
            assertRefused(logout(OPTIONAL, tokens.refreshToken(), ProofKey.es256()), "invalid_grant", "another DPoP key");

            assertThat(sessionActive(tokens)).isTrue();
            assertBoundOnlyRefreshToken(client(OPTIONAL).refresh(tokens.refreshToken(), proof(key)), key);
        }

        @Test
        void logoutProofMustBeMadeForTheLogoutEndpoint() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);
            TokenResponse refused = client(OPTIONAL).logout(tokens.refreshToken(), proof(key));
            assertRefused(refused, "invalid_dpop_proof", "htu");
            assertThat(sessionActive(tokens)).isTrue();
        }

        @Test
        void unboundRefreshTokensLogOutAsBefore() {
            TokenResponse tokens = password(OPTIONAL, null);
            assertThat(logout(OPTIONAL, tokens.refreshToken(), null).status()).isEqualTo(204);
            assertThat(sessionActive(tokens)).isFalse();
        }

        @Test
        void revocationNeedsAProofOfTheKey() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);

            assertRefused(revoke(OPTIONAL, tokens.refreshToken(), null), "invalid_dpop_proof", "missing");
            assertRefused(revoke(OPTIONAL, tokens.refreshToken(), ProofKey.es256()), "invalid_grant", "another DPoP key");
            TokenResponse refreshed = client(OPTIONAL).refresh(tokens.refreshToken(), proof(key));
            assertBoundOnlyRefreshToken(refreshed, key);

            assertThat(revoke(OPTIONAL, refreshed.refreshToken(), key).status()).isEqualTo(200);
            assertThat(client(OPTIONAL).refresh(refreshed.refreshToken(), proof(key)).status()).isEqualTo(400);
        }

        @Test
        void unboundRefreshTokensRevokeAsBefore() {
            TokenResponse tokens = password(OPTIONAL, null);
            assertThat(revoke(OPTIONAL, tokens.refreshToken(), null).status()).isEqualTo(200);
            assertThat(client(OPTIONAL).refresh(tokens.refreshToken()).status()).isEqualTo(400);
        }
    }

    @Nested
    @DisplayName("theft response revoke-session")
    class Theft {

        @Test
        void anotherKeysProofEndsTheSession() {
            ProofKey holder = ProofKey.es256();
            TokenResponse tokens = boundSession(THEFT, holder);

            assertRefused(client(THEFT).refresh(tokens.refreshToken(), proof(ProofKey.es256())), "invalid_grant", "another DPoP key");

            assertThat(sessionActive(tokens)).isFalse();
            assertThat(client(THEFT).refresh(tokens.refreshToken(), proof(holder)).status()).isEqualTo(400);
            JsonNode event = null;
            for (JsonNode e : server.admin().events(realm, Map.of("type", "REFRESH_TOKEN_ERROR", "client", THEFT))) {
                if (e.path("details").has("dpop_theft_response") && event == null) {
                    event = e;
                }
            }
            assertThat(event).as("theft event").isNotNull();
            assertThat(event.path("details").path("dpop_theft_response").asText()).isEqualTo("revoke-session");
            assertThat(event.path("details").path("dpop_reason").asText()).isEqualTo("key_mismatch");
            assertThat(event.path("sessionId").asText()).isEqualTo(tokens.refreshTokenClaims().path("sid").asText());
        }

        @Test
        void aForgedCopyOfABoundTokenEndsNoSessionAndNamesNoUser() {
            ProofKey holder = ProofKey.es256();
            TokenResponse tokens = boundSession(THEFT, holder);
            String[] parts = tokens.refreshToken().split("\\.");
            // same claims (user, session, cnf.jkt), signature of someone without the realm's key
            String forged = parts[0] + "." + parts[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(new byte[64]);

            TokenResponse refused = client(THEFT).refresh(forged);

            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(sessionActive(tokens)).isTrue();
            String sid = tokens.refreshTokenClaims().path("sid").asText();
            for (JsonNode e : server.admin().events(realm, Map.of("type", "REFRESH_TOKEN_ERROR", "client", THEFT))) {
                assertThat(e.path("sessionId").asText()).as("an error event naming the forged token's session").isNotEqualTo(sid);
            }
            assertThat(client(THEFT).refresh(tokens.refreshToken(), proof(holder)).status()).isEqualTo(200);
        }

        @Test
        void noProofEndsTheSession() {
            ProofKey holder = ProofKey.es256();
            TokenResponse tokens = boundSession(THEFT, holder);
            assertRefused(client(THEFT).refresh(tokens.refreshToken()), "invalid_dpop_proof", "missing");
            assertThat(sessionActive(tokens)).isFalse();
        }

        @Test
        void aThiefCannotRevokeOrLogOutWithoutTheKeyButTheSessionEnds() {
            ProofKey holder = ProofKey.es256();
            TokenResponse tokens = boundSession(THEFT, holder);
            assertRefused(revoke(THEFT, tokens.refreshToken(), ProofKey.es256()), "invalid_grant", "another DPoP key");
            assertThat(sessionActive(tokens)).isFalse();
        }

        @Test
        void offlineSessionIsEnded() {
            ProofKey holder = ProofKey.es256();
            TokenResponse offline = password(THEFT, "openid offline_access", proof(holder));
            assertBoundOnlyRefreshToken(offline, holder);

            assertRefused(client(THEFT).refresh(offline.refreshToken(), proof(ProofKey.es256())), "invalid_grant", "another");
            TokenResponse after = client(THEFT).refresh(offline.refreshToken(), proof(holder));
            assertThat(after.status()).as(after.toString()).isEqualTo(400);
        }

        @Test
        void invalidStaleOrReplayedProofsAreNoTheftSignal() {
            ProofKey holder = ProofKey.es256();
            TokenResponse tokens = boundSession(THEFT, holder);
            long now = System.currentTimeMillis() / 1000;
            String used = proof(holder);
            TokenResponse next = client(THEFT).refresh(tokens.refreshToken(), used);
            assertBoundOnlyRefreshToken(next, holder);

            String good = proof(holder);
            String badSignature = good.substring(0, good.lastIndexOf('.') + 1) + proof(holder).split("\\.")[2];
            for (String proof : List.of(badSignature, holder.proof("POST", tokenEndpoint(), now - 3600),
                    holder.proof("POST", tokenEndpoint(), now + 3600), used,
                    holder.proof("POST", URI.create(tokenEndpoint() + "/other")), "garbage")) {
                TokenResponse refused = client(THEFT).refresh(next.refreshToken(), proof);
                assertThat(refused.error()).as(refused.toString()).isEqualTo("invalid_dpop_proof");
            }
            assertBoundOnlyRefreshToken(client(THEFT).refresh(next.refreshToken(), proof(holder)), holder);
        }
    }

    @Nested
    @DisplayName("server nonces (RFC 9449 §8)")
    class ServerNonce {

        @Test
        void proofWithoutNonceIsChallengedAndTheRetryWithTheNonceWorks() {
            ProofKey key = ProofKey.es256();
            TokenResponse challenge = password(NONCE, null, proof(key));
            assertRefused(challenge, "use_dpop_nonce", "nonce");
            assertThat(challenge.dpopNonce()).isNotBlank();

            TokenResponse tokens = password(NONCE, null, key.proof("POST", tokenEndpoint(), challenge.dpopNonce()));
            assertBoundOnlyRefreshToken(tokens, key);
            assertThat(tokens.dpopNonce()).as("every response carries a current nonce").isNotBlank();
        }

        @Test
        void refreshTokenIsNotConsumedByTheChallenge() {
            ProofKey key = ProofKey.es256();
            String nonce = password(NONCE, null, proof(key)).dpopNonce();
            TokenResponse tokens = password(NONCE, null, key.proof("POST", tokenEndpoint(), nonce));
            assertBoundOnlyRefreshToken(tokens, key);

            TokenResponse challenge = client(NONCE).refresh(tokens.refreshToken(), proof(key));
            assertRefused(challenge, "use_dpop_nonce", "nonce");
            // same refresh token, proof with the nonce: a client library's automatic retry
            TokenResponse refreshed = client(NONCE).refresh(tokens.refreshToken(),
                    key.proof("POST", tokenEndpoint(), challenge.dpopNonce()));
            assertBoundOnlyRefreshToken(refreshed, key);
        }

        @Test
        void forgedOrForeignNoncesAreChallenged() {
            ProofKey key = ProofKey.es256();
            String nonce = password(NONCE, null, proof(key)).dpopNonce();
            char last = nonce.charAt(nonce.length() - 1);
            String forged = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');
            assertRefused(password(NONCE, null, key.proof("POST", tokenEndpoint(), forged)), "use_dpop_nonce", "invalid");
            assertRefused(password(NONCE, null, key.proof("POST", tokenEndpoint(), "x".repeat(32))), "use_dpop_nonce", "invalid");
        }

        @Test
        void clientsWithoutTheOptionGetNoNonce() {
            TokenResponse tokens = password(OPTIONAL, null, proof(ProofKey.es256()));
            assertThat(tokens.status()).isEqualTo(200);
            assertThat(tokens.dpopNonce()).isNull();
        }
    }

    @Nested
    @DisplayName("hostile proofs: 400 invalid_dpop_proof, no token, the holder goes on")
    class Hostile {

        @Test
        void everyHostileProofIsRefusedAndTheHolderStillRefreshes() {
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);
            String refreshToken = tokens.refreshToken();
            URI token = tokenEndpoint();
            long now = System.currentTimeMillis() / 1000;

            Map<String, String> hostile = new LinkedHashMap<>();
            String good = proof(key);
            hostile.put("bad signature", good.substring(0, good.lastIndexOf('.') + 1) + proof(key).split("\\.")[2]);
            hostile.put("alg none", unsigned(key, token));
            hostile.put("wrong typ", key.signed(h -> h.type(new com.nimbusds.jose.JOSEObjectType("JWT")), c -> { }, "POST", token));
            hostile.put("wrong htm", key.proof("GET", token));
            hostile.put("wrong htu", key.proof("POST", URI.create(token.toString().replace("/token", "/userinfo"))));
            hostile.put("iat an hour ago", key.proof("POST", token, now - 3600));
            hostile.put("iat an hour ahead", key.proof("POST", token, now + 3600));
            hostile.put("missing jti", key.signed(h -> { }, c -> c.jwtID(null), "POST", token));
            hostile.put("garbage", "garbage");
            hostile.put("9 KB", "a".repeat(9 * 1024));

            for (Map.Entry<String, String> attempt : hostile.entrySet()) {
                TokenResponse response = client(OPTIONAL).refresh(refreshToken, attempt.getValue());
                assertThat(response.status()).as(attempt.getKey() + ": " + response).isEqualTo(400);
                assertThat(response.error()).as(attempt.getKey()).isEqualTo("invalid_dpop_proof");
                assertThat(response.body()).as(attempt.getKey()).doesNotContain("access_token");
            }
            assertRefused(client(OPTIONAL).refresh(refreshToken, proof(key), proof(key)), "invalid_dpop_proof", "exactly one");

            TokenResponse huge = client(OPTIONAL).refresh(refreshToken, "a".repeat(64 * 1024));
            assertThat(huge.status()).as("64 KB header: " + huge).isBetween(400, 499);
            assertThat(huge.body()).doesNotContain("access_token");

            assertBoundOnlyRefreshToken(client(OPTIONAL).refresh(refreshToken, proof(key)), key);
        }

        @Test
        void proofAtTheEdgeWhereKeycloakAnswers500IsHandled() {
            // Keycloak 26.7.3's own check answers HTTP 500 for iat == now - 25 s (replay-cache lifespan 0)
            ProofKey key = ProofKey.es256();
            TokenResponse tokens = boundSession(OPTIONAL, key);
            long now = System.currentTimeMillis() / 1000;
            TokenResponse response = client(OPTIONAL).refresh(tokens.refreshToken(), key.proof("POST", tokenEndpoint(), now - 25));
            assertBoundOnlyRefreshToken(response, key);
        }
    }

    static Stream<ProofKey> keys() {
        return Stream.of(ProofKey.es256(), ProofKey.rs256(), ProofKey.ps256(), ProofKey.edDsa());
    }

    static String unsigned(ProofKey key, URI token) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"none\",\"jwk\":" + key.jwk().toPublicJWK().toJSONString() + "}";
        String payload = "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"POST\",\"htu\":\"" + token + "\",\"iat\":"
                + System.currentTimeMillis() / 1000 + "}";
        return b64.encodeToString(header.getBytes()) + "." + b64.encodeToString(payload.getBytes()) + ".";
    }
}
