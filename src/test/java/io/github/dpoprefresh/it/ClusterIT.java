package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.dpoprefresh.it.ClusterRefreshLoop.App;
import io.github.dpoprefresh.it.ClusterRefreshLoop.Kind;
import io.github.dpoprefresh.it.ClusterRefreshLoop.Outcome;
import io.github.dpoprefresh.it.ClusterRefreshLoop.Result;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.AdminApi;
import io.github.dpoprefresh.it.support.KeycloakCluster;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replay protection and bindings on a real two-node Keycloak cluster ({@link KeycloakCluster}: two production-mode
 * nodes on one PostgreSQL, one Infinispan cluster through Keycloak's default {@code jdbc-ping} discovery), and under
 * faults: one node restarted gracefully, one killed with SIGKILL, both restarted.
 *
 * <p>The tests run in order on one cluster; the fault tests share 24 app sessions (20 bound to keys of their own, 4
 * unbound), which go on from one fault to the next.
 *
 * <p>Not covered yet: a server nonce ({@code DPoP-Nonce}) issued by one node and accepted by the other; to be added
 * with the nonce feature.
 *
 * <p>Runs with the Maven profile {@code cluster} ({@code mvn -B verify -Pcluster}): it needs PostgreSQL's server
 * binaries (Debian's {@code postgresql} package) and takes several minutes.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("cluster: two Keycloak nodes, one PostgreSQL, one Infinispan cluster")
class ClusterIT {

    static final String CLIENT = "optional-app";
    static final String NONCE_CLIENT = "nonce-app";
    /** The rollout figures' client: only the figures tests use it, so no fault of the loop touches its counts. */
    static final String FIGURES_CLIENT = "figures-app";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password";
    static final int BOUND_APPS = 20;
    static final int UNBOUND_APPS = 4;
    static final Duration LOOP_LIMIT = Duration.ofMinutes(8);

    KeycloakCluster cluster;
    KeycloakServer a;
    KeycloakServer b;
    String realm;
    long suiteStart;
    final List<App> apps = new ArrayList<>();
    final List<String> timings = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        suiteStart = System.nanoTime();
        cluster = KeycloakCluster.start("cluster", 2);
        a = cluster.node(0);
        b = cluster.node(1);
        timings.add("cluster start " + seconds(cluster.startupTime()));
        realm = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        a.admin().createRealm(Map.of("realm", realm, "enabled", true));
        a.admin().createClient(realm, TestRealm.publicClient(CLIENT, "optional"));
        a.admin().createClient(realm, TestRealm.publicClient(FIGURES_CLIENT, "optional"));
        a.admin().createUser(realm, USER, PASSWORD);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
        timings.add("suite " + seconds(Duration.ofNanos(System.nanoTime() - suiteStart)));
        System.out.println("[cluster] timings: " + String.join(", ", timings));
    }

    // ------------------------------------------------------------------ the cluster itself

    @Test
    @Order(1)
    void bothNodesAreMembersOfOneCluster() {
        for (KeycloakServer node : cluster.nodes()) {
            assertThat(cluster.clusterSize(node)).as("vendor_cluster_size of %s", node.name()).isEqualTo(2);
            assertThat(cluster.viewMembers(node)).as("last JGroups view in %s", node.logFile())
                    .containsExactlyInAnyOrder(a.name(), b.name());
        }
        assertThat(cluster.discoveryTable()).as("jdbc-ping table").extracting(row -> row.get("name"))
                .containsExactlyInAnyOrder(a.name(), b.name());
        // and they share the realm created through node a only
        assertThat(b.admin().client(realm, CLIENT).path("attributes").path("dpop.refresh.binding").asText()).isEqualTo("optional");
    }

    // ------------------------------------------------------------------ replay and binding across nodes

    @Test
    @Order(2)
    void proofUsedOnOneNodeIsRefusedAsAReplayOnTheOther() {
        ProofKey key = ProofKey.es256();
        TokenResponse tokens = password(a, proof(key));
        assertBound(tokens, key);

        String first = proof(key);
        TokenResponse onA = refresh(a, tokens.refreshToken(), first);
        assertBound(onA, key);
        assertRefused(refresh(b, onA.refreshToken(), first), "invalid_dpop_proof", "already been used");

        String second = proof(key);
        TokenResponse onB = refresh(b, onA.refreshToken(), second);
        assertBound(onB, key);
        assertRefused(refresh(a, onB.refreshToken(), second), "invalid_dpop_proof", "already been used");
    }

    @Test
    @Order(3)
    void sameProofSentToBothNodesAtOnceIsAcceptedOnce() throws Exception {
        ProofKey key = ProofKey.es256();
        String refreshToken = password(a, proof(key)).refreshToken();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String proof = proof(key);
                String token = refreshToken;
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<TokenResponse> onA = CompletableFuture.supplyAsync(() -> await(go, () -> refresh(a, token, proof)), senders);
                CompletableFuture<TokenResponse> onB = CompletableFuture.supplyAsync(() -> await(go, () -> refresh(b, token, proof)), senders);
                go.countDown();
                List<TokenResponse> both = List.of(onA.get(), onB.get());

                assertThat(both).as("round %d: %s", round, both).filteredOn(r -> r.status() == 200).hasSize(1);
                TokenResponse accepted = both.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
                TokenResponse refused = both.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
                assertBound(accepted, key);
                assertRefused(refused, "invalid_dpop_proof", "already been used");
                refreshToken = accepted.refreshToken();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void refreshTokenBoundOnOneNodeRefreshesOnTheOtherOnlyWithAProofOfItsKey() {
        ProofKey key = ProofKey.es256();
        TokenResponse tokens = password(a, proof(key));
        assertBound(tokens, key);

        assertRefused(refresh(b, tokens.refreshToken()), "invalid_dpop_proof", "missing");
        assertRefused(refresh(b, tokens.refreshToken(), proof(ProofKey.es256())), "invalid_grant", "another DPoP key");
        TokenResponse onB = refresh(b, tokens.refreshToken(), proof(key));
        assertBound(onB, key);

        assertRefused(refresh(a, onB.refreshToken()), "invalid_dpop_proof", "missing");
        assertBound(refresh(a, onB.refreshToken(), proof(key)), key);
    }

    @Test
    @Order(5)
    void optionalClientWithoutProofsKeepsWorkingOnBothNodes() {
        TokenResponse onA = password(a);
        assertUnbound(onA);
        TokenResponse onB = refresh(b, onA.refreshToken());
        assertUnbound(onB);
        TokenResponse again = refresh(a, onB.refreshToken());
        assertUnbound(again);

        // the app adds DPoP in an update: bound from then on, on every node
        ProofKey key = ProofKey.es256();
        TokenResponse upgraded = refresh(b, again.refreshToken(), proof(key));
        assertBound(upgraded, key);
        assertRefused(refresh(a, upgraded.refreshToken()), "invalid_dpop_proof", "missing");
    }

    @Test
    @Order(6)
    void serverNonceFromOneNodeIsAcceptedByTheOther() {
        a.admin().createClient(realm, TestRealm.publicClient(NONCE_CLIENT, "optional",
                "dpop.refresh.require-nonce", "true"));
        ProofKey key = ProofKey.es256();
        Map<String, String> login = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", NONCE_CLIENT,
                "username", USER, "password", PASSWORD));

        TokenResponse challenge = cluster.oauth(a, realm, NONCE_CLIENT).token(login, proof(key));
        assertRefused(challenge, "use_dpop_nonce", "nonce");
        String nonceOfA = challenge.dpopNonce();
        assertThat(nonceOfA).as("DPoP-Nonce header from node a").isNotBlank();

        // node b takes node a's nonce: both derive it from the realm's HMAC key in the shared database
        TokenResponse onB = cluster.oauth(b, realm, NONCE_CLIENT)
                .token(login, key.proof("POST", cluster.tokenEndpoint(realm), nonceOfA));
        assertBound(onB, key);
        String nonceOfB = onB.dpopNonce();
        assertThat(nonceOfB).as("DPoP-Nonce header from node b").isNotBlank();

        TokenResponse onA = cluster.oauth(a, realm, NONCE_CLIENT)
                .refresh(onB.refreshToken(), key.proof("POST", cluster.tokenEndpoint(realm), nonceOfB));
        assertBound(onA, key);
    }

    // ------------------------------------------------------------------ faults

    @Test
    @Order(10)
    void gracefulRestartOfOneNodeInTheMiddleOfARefreshLoop() throws Exception {
        Result result = loop(a, b, () -> timings.add("graceful restart of " + a.name() + " " + seconds(cluster.restart(a))));
        assertLoop(result, a, b);
    }

    @Test
    @Order(11)
    void killOfOneNodeInTheMiddleOfARefreshLoop() throws Exception {
        Result result = loop(b, a, () -> {
            long t0 = System.nanoTime();
            cluster.kill(b);
            // the apps go on against the survivor alone for a while
            sleep(Duration.ofSeconds(10));
            cluster.restart(b);
            timings.add("kill -9 of " + b.name() + " and restart " + seconds(Duration.ofNanos(System.nanoTime() - t0)));
        });
        assertLoop(result, b, a);
    }

    @Test
    @Order(12)
    void afterARestartOfBothNodesBoundTokensStillRefreshWithTheirKey() {
        List<App> sessions = apps();
        long persisted = ((Number) cluster.database().query(
                "SELECT count(*) AS n FROM offline_user_session WHERE offline_flag = '0'").get(0).get("n")).longValue();
        assertThat(persisted).as("online user sessions stored in the database").isGreaterThanOrEqualTo(sessions.size());

        timings.add("restart of both nodes " + seconds(cluster.restartAll()));
        assertThat(cluster.viewMembers(a)).containsExactlyInAnyOrder(a.name(), b.name());

        for (App app : sessions) {
            for (KeycloakServer node : cluster.nodes()) {
                if (app.bound()) {
                    assertRefused(refresh(node, app.refreshToken), "invalid_dpop_proof", "missing");
                    TokenResponse r = refresh(node, app.refreshToken, proof(app.key));
                    assertBound(r, app.key);
                    app.refreshToken = r.refreshToken();
                } else {
                    TokenResponse r = refresh(node, app.refreshToken);
                    assertUnbound(r);
                    app.refreshToken = r.refreshToken();
                }
            }
        }
    }

    // ------------------------------------------------------------------ rollout figures

    /** The figures as both nodes answer them, after the requests of {@link #figuresAreTheSameOnBothNodes}. */
    JsonNode figuresSeen;

    @Test
    @Order(7)
    void figuresAreTheSameOnBothNodes() {
        ProofKey key = ProofKey.es256();
        // on a: one password grant with a proof, one without; on b: one without, and a's unbound token refreshed
        // twice without a proof (one session), once with (it becomes bound)
        assertBound(figuresPassword(a, proof(key)), key);
        TokenResponse unbound = figuresPassword(a);
        assertUnbound(unbound);
        assertUnbound(figuresPassword(b));
        TokenResponse refreshed = cluster.oauth(b, realm, FIGURES_CLIENT).refresh(unbound.refreshToken());
        assertUnbound(refreshed);
        refreshed = cluster.oauth(a, realm, FIGURES_CLIENT).refresh(refreshed.refreshToken());
        assertUnbound(refreshed);
        assertBound(cluster.oauth(b, realm, FIGURES_CLIENT).refresh(refreshed.refreshToken(), proof(key)), key);

        JsonNode onA = figuresOnce(a, f -> passwordAndRefresh(f).equals("1/2 1/2"));
        JsonNode onB = figuresOnce(b, f -> passwordAndRefresh(f).equals("1/2 1/2"));
        assertThat(passwordAndRefresh(onA)).as(onA.toString()).isEqualTo("1/2 1/2");
        assertThat(onB).as("the figures as node b answers them").isEqualTo(onA);
        JsonNode day = onA.path("windows").get(0);
        assertThat(day.path("unboundRefreshes").asLong()).isEqualTo(3);
        assertThat(day.path("sessionsRefreshingUnboundWithoutProof").asLong()).isEqualTo(1);
        assertThat(day.path("wouldBeRefusedByRequired").asLong()).isEqualTo(4);
        assertThat(onA.path("verdict").path("state").asText()).isEqualTo("NOT_READY");
        // each node wrote its own rows
        List<Map<String, Object>> nodes = cluster.database().query("SELECT DISTINCT node_id FROM dpop_refresh_figures"
                + " WHERE client_id = '" + a.admin().clientUuid(realm, FIGURES_CLIENT) + "'");
        assertThat(nodes).as("nodes that wrote figures of the client").hasSize(2);
        figuresSeen = onA;
    }

    @Test
    @Order(13)
    void figuresAreTheSameOnBothNodesAfterBothRestarted() {
        assertThat(figuresSeen).as("figures before the restart (test 7)").isNotNull();
        // after test 12's restart of both nodes, which came after test 7's requests
        assertThat(figures(a)).as("node a after the restart").isEqualTo(figuresSeen);
        assertThat(figures(b)).as("node b after the restart").isEqualTo(figuresSeen);
        // and each node, stopped gracefully, wrote what it had left (the extension's debug log is on)
        for (KeycloakServer node : cluster.nodes()) {
            assertThat(node.logLines("written at shutdown")).as("last flush in %s", node.logFile()).isNotEmpty();
        }
    }

    @Test
    @Order(20)
    void nodeLogsHaveNoErrors() {
        for (KeycloakServer node : cluster.nodes()) {
            List<String> errors = node.log().lines()
                    .filter(l -> l.contains(" ERROR "))
                    // JGroups' TLS transport logs these when a connection closes (view changes, shutdown)
                    .filter(l -> !l.contains("failed sending graceful close"))
                    .filter(l -> !l.contains("[Error Occurred After Shutdown]"))
                    .collect(Collectors.toList());
            assertThat(errors).as("ERROR lines in %s", node.logFile()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ the loop

    /** The shared app sessions, made on first use: bound ones on alternate nodes, with proofs of their own keys. */
    List<App> apps() {
        if (apps.isEmpty()) {
            for (int i = 0; i < BOUND_APPS + UNBOUND_APPS; i++) {
                KeycloakServer node = cluster.node(i % 2);
                if (i < BOUND_APPS) {
                    ProofKey key = ProofKey.es256();
                    TokenResponse tokens = password(node, proof(key));
                    assertBound(tokens, key);
                    apps.add(new App("bound-" + i, key, tokens.refreshToken()));
                } else {
                    TokenResponse tokens = password(node);
                    assertUnbound(tokens);
                    apps.add(new App("unbound-" + (i - BOUND_APPS), null, tokens.refreshToken()));
                }
            }
        }
        return apps;
    }

    /** Runs the loop with {@code fault} to {@code faulty}; right after it, the replay check on the node that came back. */
    Result loop(KeycloakServer faulty, KeycloakServer survivor, Runnable fault) throws InterruptedException {
        List<String> replayFailures = new ArrayList<>();
        Result result = new ClusterRefreshLoop(cluster, realm, CLIENT, apps()).run(fault, soFar -> {
            try {
                assertProofsAcceptedMeanwhileAreKnownTo(faulty, survivor, soFar);
            } catch (AssertionError e) {
                replayFailures.add(e.getMessage());
            }
        }, LOOP_LIMIT);
        assertThat(replayFailures).as("replays on %s right after it came back", faulty.name()).isEmpty();
        System.out.printf("[cluster] loop of %d apps: %d requests in %d s, fault %d s; %s%n", apps.size(),
                result.outcomes().size(), result.duration().toSeconds(), result.faultDuration().toSeconds(), result.summary());
        return result;
    }

    /**
     * What must hold for a loop in which {@code faulty} went down and came back while {@code survivor} stayed up:
     * every request reached its node and got the right answer, except requests to the faulty node while it was down,
     * which may go unanswered or get a 5xx; none of those may succeed without a valid proof or refuse a valid one.
     */
    void assertLoop(Result result, KeycloakServer faulty, KeycloakServer survivor) {
        Predicate<Outcome> duringFault = o -> o.node().equals(faulty.name())
                && o.overlaps(result.faultStartNanos(), result.faultEndNanos());

        List<Outcome> fromSurvivor = result.where(o -> o.node().equals(survivor.name()));
        assertThat(fromSurvivor).as("requests to the surviving node").isNotEmpty();
        assertThat(fromSurvivor).as("answers of the surviving node %s that are not the right one", survivor.name())
                .filteredOn(o -> !o.answered() || o.status() >= 500 || o.problem() != null).isEmpty();

        assertThat(result.where(o -> o.answered() && o.kind() != Kind.REFRESH && o.status() == 200))
                .as("bound refresh tokens refreshed without a valid proof").isEmpty();
        assertThat(result.where(o -> o.answered() && o.kind() == Kind.REFRESH && o.status() >= 400 && o.status() < 500))
                .as("valid refreshes refused (a client would log its user out)").isEmpty();

        assertThat(result.where(duringFault.negate()))
                .as("requests outside the fault window without the right answer")
                .filteredOn(o -> !o.answered() || o.problem() != null).isEmpty();

        List<Outcome> down = result.where(duringFault.and(o -> !o.answered() || o.status() >= 500));
        System.out.printf("[cluster] while %s was down: %d requests to it unanswered or 5xx (%s), then sent to %s%n",
                faulty.name(), down.size(), down.stream().map(o -> o.answered() ? "HTTP " + o.status() : o.failure())
                        .collect(Collectors.groupingBy(s -> s, LinkedHashMap::new, Collectors.counting())), survivor.name());
    }

    /**
     * The node that came back learnt the proofs the survivor accepted while it was away (Infinispan's state transfer
     * when it joins): for each app, the last proof the survivor accepted right after the other node gave no answer
     * (connection refused or reset) is refused on the node that came back as a replay. Runs right after the fault,
     * while the proofs are still inside their iat window, so that only the replay store can refuse them.
     */
    void assertProofsAcceptedMeanwhileAreKnownTo(KeycloakServer faulty, KeycloakServer survivor, List<Outcome> soFar) {
        Map<String, Outcome> lastAccepted = new LinkedHashMap<>();
        Map<String, Outcome> previous = new LinkedHashMap<>();
        for (Outcome o : soFar) {
            Outcome before = previous.put(o.app(), o);
            if (before != null && before.node().equals(faulty.name()) && !before.answered()
                    && o.node().equals(survivor.name()) && o.kind() == Kind.REFRESH && o.status() == 200 && o.proof() != null) {
                lastAccepted.put(o.app(), o);
            }
        }
        assertThat(lastAccepted).as("proofs accepted by %s while %s gave no answer", survivor.name(), faulty.name()).isNotEmpty();
        int inWindow = 0;
        List<Long> ages = new ArrayList<>();
        for (App app : apps) {
            Outcome accepted = lastAccepted.get(app.id);
            if (accepted == null) {
                continue;
            }
            long age = System.currentTimeMillis() / 1000 - accepted.proofIat();
            ages.add(age);
            TokenResponse replay = refresh(faulty, app.refreshToken, accepted.proof());
            assertThat(replay.status()).as("%s replayed on %s: %s", app.id, faulty.name(), replay).isEqualTo(400);
            assertThat(replay.error()).as(replay.toString()).isEqualTo("invalid_dpop_proof");
            if (age < 55) {
                assertThat(replay.errorDescription()).as("%s, proof %d s old", replay, age).contains("already been used");
                inWindow++;
            }
        }
        System.out.printf("[cluster] %d proofs accepted by %s while %s gave no answer, replayed on %s once it was back:"
                + " all refused, %d as already used (the others had left their iat window); proof ages %s s%n",
                lastAccepted.size(), survivor.name(), faulty.name(), faulty.name(), inWindow, ages);
        assertThat(inWindow).as("replays inside the iat window (else this check proves nothing)").isPositive();
    }

    // ------------------------------------------------------------------ requests

    String proof(ProofKey key) {
        return key.proof("POST", cluster.tokenEndpoint(realm));
    }

    TokenResponse password(KeycloakServer node, String... proofs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("username", USER);
        form.put("password", PASSWORD);
        return client(node).token(form, proofs);
    }

    TokenResponse figuresPassword(KeycloakServer node, String... proofs) {
        String clientId = FIGURES_CLIENT;
        return cluster.oauth(node, realm, clientId).token(Map.of("grant_type", "password", "client_id", clientId,
                "username", USER, "password", PASSWORD), proofs);
    }

    JsonNode figures(KeycloakServer node) {
        AdminApi.Response response = node.admin().figures(realm, node.admin().clientUuid(realm, FIGURES_CLIENT));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The node's figures once {@code expected} holds (each node flushes every second), or after 30 s. */
    JsonNode figuresOnce(KeycloakServer node, Predicate<JsonNode> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode figures = figures(node);
        while (!expected.test(figures) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            figures = figures(node);
        }
        return figures;
    }

    /** "with/without proof" of the password grant and of the refresh grant, in the 24 h window. */
    static String passwordAndRefresh(JsonNode figures) {
        JsonNode grants = figures.path("windows").path(0).path("grants");
        return grants.path("password").path("withProof").asLong() + "/" + grants.path("password").path("withoutProof").asLong()
                + " " + grants.path("refresh_token").path("withProof").asLong() + "/"
                + grants.path("refresh_token").path("withoutProof").asLong();
    }

    TokenResponse refresh(KeycloakServer node, String refreshToken, String... proofs) {
        return client(node).refresh(refreshToken, proofs);
    }

    OAuthClient client(KeycloakServer node) {
        return cluster.oauth(node, realm, CLIENT);
    }

    static void assertBound(TokenResponse tokens, ProofKey key) {
        TestRealm.assertBoundOnlyRefreshToken(tokens, key);
    }

    static void assertUnbound(TokenResponse tokens) {
        TestRealm.assertUnbound(tokens);
    }

    static void assertRefused(TokenResponse response, String error, String descriptionPart) {
        TestRealm.assertRefused(response, error, descriptionPart);
    }

    private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> action) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return action.get();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
