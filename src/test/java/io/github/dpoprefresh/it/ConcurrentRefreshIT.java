package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.DpopFeature;
import io.github.dpoprefresh.it.support.InBothDpopModes;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * 50 refreshes of one bound refresh token at the same moment. With distinct valid proofs, the outcome is what the
 * realm's refresh-token rotation says (Keycloak's default: every one succeeds; {@code revokeRefreshToken} with
 * {@code refreshTokenMaxReuse=0}: one succeeds, the others get {@code invalid_grant}); with one proof sent 50 times,
 * exactly one succeeds (the replay store is atomic). Never a 5xx. Runs with the {@code dpop} feature on and off.
 */
@DisplayName("concurrent refreshes")
@InBothDpopModes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentRefreshIT {

    @Parameter
    DpopFeature feature;

    static final int PARALLEL = 50;
    static final String CLIENT = "concurrent-app";
    static final String USER = "racer";
    static final String PASSWORD = "racer-password";

    KeycloakServer server;
    ExecutorService pool;

    @BeforeParameterizedClassInvocation
    void start() {
        server = feature.server();
        pool = Executors.newFixedThreadPool(PARALLEL);
    }

    @AfterParameterizedClassInvocation
    void stop() {
        pool.shutdownNow();
    }

    /** A realm with the client and the user; {@code rotation} adds realm settings. */
    String realm(Map<String, Object> rotation) {
        String realm = "concurrent-" + getClass().getSimpleName().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> rep = new java.util.LinkedHashMap<>(Map.of("realm", realm, "enabled", true));
        rep.putAll(rotation);
        server.admin().createRealm(rep);
        server.admin().createClient(realm, TestRealm.publicClient(CLIENT, "optional"));
        server.admin().createUser(realm, USER, PASSWORD);
        return realm;
    }

    TokenResponse boundLogin(String realm, ProofKey key) {
        TokenResponse tokens = server.oauth(realm, CLIENT).token(Map.of("grant_type", "password", "client_id", CLIENT,
                "username", USER, "password", PASSWORD), key.proof("POST", server.tokenEndpoint(realm)));
        TestRealm.assertBoundOnlyRefreshToken(tokens, key);
        return tokens;
    }

    @Test
    void distinctProofsWithKeycloaksDefaultRotationAllSucceed() throws Exception {
        String realm = realm(Map.of());
        JsonNode settings = server.admin().realm(realm);
        assertThat(settings.path("revokeRefreshToken").asBoolean()).as("Keycloak's default").isFalse();
        ProofKey key = ProofKey.es256();
        String refreshToken = boundLogin(realm, key).refreshToken();

        List<TokenResponse> answers = race(realm, refreshToken, i -> key.proof("POST", server.tokenEndpoint(realm)));

        assertNo5xx(answers);
        answers.forEach(a -> TestRealm.assertBoundOnlyRefreshToken(a, key));
    }

    @Test
    void distinctProofsWithRevokeRefreshTokenOneSucceeds() throws Exception {
        String realm = realm(Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0));
        ProofKey key = ProofKey.es256();
        String refreshToken = boundLogin(realm, key).refreshToken();

        List<TokenResponse> answers = race(realm, refreshToken, i -> key.proof("POST", server.tokenEndpoint(realm)));

        assertNo5xx(answers);
        List<TokenResponse> won = answers.stream().filter(a -> a.status() == 200).toList();
        // rotation is Keycloak's: 26.7 lets exactly one through; 26.5.0 was seen letting up to 11 of 50 through at
        // once (a race in its rotation, which the extension does not touch); whatever it lets through is bound
        assertThat(won).as(summary(answers)).isNotEmpty();
        won.forEach(w -> TestRealm.assertBoundOnlyRefreshToken(w, key));
        answers.stream().filter(a -> a.status() != 200).forEach(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertThat(a.error()).as(a.toString()).isEqualTo("invalid_grant");
            HostileRequestsIT.assertNoToken(a);
        });
        // Keycloak then sees 49 uses of a rotated-out token: its reuse detection (RFC 9700 §4.14.2) may end the
        // client session, so the winner's new token is not asserted here; see thiefCannotTriggerReuseDetection
    }

    /**
     * With rotation on, presenting a rotated-out refresh token makes Keycloak end the client session (reuse
     * detection). A thief without the key never gets that far: the proof is refused first, the holder goes on.
     */
    @Test
    void thiefCannotTriggerReuseDetection() throws InterruptedException {
        String realm = realm(Map.of("revokeRefreshToken", true, "refreshTokenMaxReuse", 0));
        ProofKey key = ProofKey.es256();
        ProofKey thief = ProofKey.es256();
        OAuthClient client = server.oauth(realm, CLIENT);
        URI token = server.tokenEndpoint(realm);
        String rotatedOut = boundLogin(realm, key).refreshToken();
        TokenResponse current = client.refresh(rotatedOut, key.proof("POST", token));
        TestRealm.assertBoundOnlyRefreshToken(current, key);

        TestRealm.assertRefused(client.refresh(rotatedOut, thief.proof("POST", token)), "invalid_grant",
                "another DPoP key");
        TestRealm.assertRefused(client.refresh(rotatedOut), "invalid_dpop_proof", "missing");
        TestRealm.assertRefused(client.refresh(rotatedOut, "not-a-proof"), "invalid_dpop_proof", "compact");
        // Keycloak's staleness check compares whole seconds: let the holder's next rotation happen a second later
        Thread.sleep(1_100);
        current = client.refresh(current.refreshToken(), key.proof("POST", token));
        TestRealm.assertBoundOnlyRefreshToken(current, key);

        // control: with the key, the rotated-out token reaches Keycloak's reuse detection, which ends the session
        TokenResponse reused = client.refresh(rotatedOut, key.proof("POST", token));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(400);
        assertThat(reused.error()).isEqualTo("invalid_grant");
        TestRealm.assertRefused(client.refresh(current.refreshToken(), key.proof("POST", token)),
                "invalid_grant", "Session doesn't have required client");
    }

    @Test
    void oneProofSentFiftyTimesAtOnceIsAcceptedOnce() throws Exception {
        String realm = realm(Map.of());
        ProofKey key = ProofKey.es256();
        String refreshToken = boundLogin(realm, key).refreshToken();
        String proof = key.proof("POST", server.tokenEndpoint(realm));

        List<TokenResponse> answers = race(realm, refreshToken, i -> proof);

        assertNo5xx(answers);
        List<TokenResponse> won = answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(won).as(summary(answers)).hasSize(1);
        TestRealm.assertBoundOnlyRefreshToken(won.get(0), key);
        answers.stream().filter(a -> a.status() != 200).forEach(a ->
                TestRealm.assertRefused(a, "invalid_dpop_proof", "already been used"));
        TestRealm.assertBoundOnlyRefreshToken(
                server.oauth(realm, CLIENT).refresh(refreshToken, key.proof("POST", server.tokenEndpoint(realm))), key);
    }

    /** Makes every request first, then lets all {@link #PARALLEL} go at once. */
    List<TokenResponse> race(String realm, String refreshToken, IntFunction<String> proofs) throws Exception {
        OAuthClient client = server.oauth(realm, CLIENT);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            made.add(proofs.apply(i));
        }
        CountDownLatch ready = new CountDownLatch(PARALLEL);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TokenResponse>> futures = new ArrayList<>();
        for (String proof : made) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return client.refresh(refreshToken, proof);
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<TokenResponse> answers = new ArrayList<>();
        for (Future<TokenResponse> f : futures) {
            answers.add(f.get(120, TimeUnit.SECONDS));
        }
        System.out.printf("[concurrency] %s %s: %s%n", getClass().getSimpleName(), realm, summary(answers));
        return answers;
    }

    static void assertNo5xx(List<TokenResponse> answers) {
        assertThat(answers).hasSize(PARALLEL);
        answers.forEach(a -> assertThat(a.status()).as(a.toString()).isLessThan(500));
    }

    static String summary(List<TokenResponse> answers) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        answers.forEach(a -> counts.merge(a.status() + (a.error() == null ? "" : " " + a.error()), 1L, Long::sum));
        return counts.toString();
    }
}
