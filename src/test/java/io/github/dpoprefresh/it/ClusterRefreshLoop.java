package io.github.dpoprefresh.it;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.github.dpoprefresh.it.support.KeycloakCluster;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;

/**
 * App instances refreshing their tokens in a loop against every node of a cluster while a fault happens to one node:
 * the load of the cluster fault tests. Bounded: each loop stops after the fault once every app has refreshed twice on
 * every node since the fault ended, or at a deadline, or after a maximum number of rounds per app.
 *
 * <p>Each app sends its requests to the nodes in turn. A bound app (its refresh token bound to its own key) sends a
 * fresh proof with every refresh and, every fourth round, first one request that must be refused: no proof, a proof of
 * another key, or its last proof again (a replay, which may reach the other node). An unbound app ({@code optional}
 * client, no DPoP) just refreshes. A request that cannot reach its node (connection refused or reset, time-out) is
 * sent again at once to another node, as a load balancer would.
 */
final class ClusterRefreshLoop {

    /** What a request was. */
    enum Kind {
        /** Refresh with a fresh proof of the app's key (bound app), or without proof (unbound app): must succeed. */
        REFRESH,
        /** Refresh of a bound token without a proof: must be refused with invalid_dpop_proof. */
        NO_PROOF,
        /** Refresh of a bound token with a valid proof of another key: must be refused with invalid_grant. */
        OTHER_KEY,
        /** Refresh with the app's last accepted proof again: must be refused with invalid_dpop_proof. */
        REPLAY
    }

    /** One app instance: a session of its own, its key (null: unbound) and its current refresh token. */
    static final class App {
        final String id;
        final ProofKey key;
        volatile String refreshToken;
        volatile String lastProof;
        volatile long lastProofIat;

        App(String id, ProofKey key, String refreshToken) {
            this.id = id;
            this.key = key;
            this.refreshToken = refreshToken;
        }

        boolean bound() {
            return key != null;
        }
    }

    /**
     * One request and its answer.
     *
     * @param failure  why no answer came (connection refused, reset, time-out), else null
     * @param problem  what is wrong with the answer for this kind of request, else null
     * @param proof    the DPoP proof sent, or null
     * @param proofIat its iat, for {@link Kind#REFRESH} with a proof
     */
    record Outcome(String app, String node, Kind kind, long sentNanos, long doneNanos, int status, String error,
                   String description, String failure, String problem, String proof, long proofIat) {

        boolean answered() {
            return failure == null;
        }

        boolean overlaps(long fromNanos, long toNanos) {
            return sentNanos <= toNanos && doneNanos >= fromNanos;
        }

        @Override
        public String toString() {
            return app + " -> " + node + " " + kind + ": " + (failure != null ? "no answer (" + failure + ")"
                    : "HTTP " + status + (error != null ? " " + error + " '" + description + "'" : ""))
                    + (problem != null ? " [" + problem + "]" : "");
        }
    }

    /** What happened in one run. */
    record Result(List<Outcome> outcomes, long faultStartNanos, long faultEndNanos, Duration duration, Duration faultDuration) {

        List<Outcome> where(Predicate<Outcome> filter) {
            return outcomes.stream().filter(filter).collect(Collectors.toList());
        }

        /** Requests per node, kind and answer, e.g. {@code cluster-a REFRESH 200=412}. */
        String summary() {
            Map<String, Integer> counts = new TreeMap<>();
            for (Outcome o : outcomes) {
                String answer = o.failure() != null ? "no-answer" : Integer.toString(o.status());
                counts.merge(o.node() + " " + o.kind() + " " + answer, 1, Integer::sum);
            }
            return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    private static final int PROBE_EVERY = 4;
    /**
     * Time between two rounds of an app: 24 apps make about 10 requests a second. On two cores more load mostly slows
     * down the restart of the faulty node (its start competes with the survivor for the CPU).
     */
    private static final long PAUSE_MIN_MILLIS = 2000;
    private static final long PAUSE_MAX_MILLIS = 4000;
    private static final int MAX_ROUNDS_PER_APP = 600;
    private static final int SUCCESSES_PER_NODE_AFTER_FAULT = 2;

    private final KeycloakCluster cluster;
    private final String realm;
    private final String clientId;
    private final List<App> apps;
    private final URI htu;
    private final ProofKey stranger = ProofKey.es256();

    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    /** One HTTP client per node, renewed after the fault so that no connection to the old process is reused. */
    private volatile Map<String, OAuthClient> clients;

    ClusterRefreshLoop(KeycloakCluster cluster, String realm, String clientId, List<App> apps) {
        this.cluster = cluster;
        this.realm = realm;
        this.clientId = clientId;
        this.apps = List.copyOf(apps);
        this.htu = cluster.tokenEndpoint(realm);
        this.clients = newClients();
    }

    private Map<String, OAuthClient> newClients() {
        Map<String, OAuthClient> map = new LinkedHashMap<>();
        cluster.nodes().forEach(n -> map.put(n.name(), cluster.oauth(n, realm, clientId)));
        return Map.copyOf(map);
    }

    /**
     * Runs the apps, waits until each has refreshed on every node, runs {@code fault} (which returns once the cluster
     * is whole again), hands the outcomes so far to {@code rightAfterFault} while the apps go on, waits until each app
     * has refreshed twice on every node since the fault, and stops them.
     *
     * @param maxDuration the whole run may not take longer: the apps are stopped and the run fails
     */
    Result run(Runnable fault, Consumer<List<Outcome>> rightAfterFault, Duration maxDuration) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + maxDuration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            App app = apps.get(i);
            int offset = i;
            Thread t = new Thread(() -> loop(app, offset, deadline), "refresh-loop-" + app.id);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            awaitSuccesses(1, t0, deadline, "before the fault");
            long faultStart = System.nanoTime();
            fault.run();
            long faultEnd = System.nanoTime();
            clients = newClients();
            List<Outcome> soFar;
            synchronized (outcomes) {
                soFar = List.copyOf(outcomes);
            }
            rightAfterFault.accept(soFar);
            awaitSuccesses(SUCCESSES_PER_NODE_AFTER_FAULT, faultEnd, deadline, "after the fault");
            stop.set(true);
            joinAll(threads);
            long end = System.nanoTime();
            List<Outcome> all;
            synchronized (outcomes) {
                all = List.copyOf(outcomes);
            }
            return new Result(all, faultStart, faultEnd, Duration.ofNanos(end - t0), Duration.ofNanos(faultEnd - faultStart));
        } finally {
            stop.set(true);
            joinAll(threads);
        }
    }

    private void loop(App app, int offset, long deadline) {
        List<KeycloakServer> nodes = cluster.nodes();
        for (int round = 0; round < MAX_ROUNDS_PER_APP && !stop.get() && System.nanoTime() < deadline; round++) {
            int node = (round + offset) % nodes.size();
            if (app.bound() && round % PROBE_EVERY == PROBE_EVERY - 1) {
                Kind probe = Kind.values()[1 + (round / PROBE_EVERY) % 3];
                if (probe != Kind.REPLAY || app.lastProof != null) {
                    send(app, probe, nodes, node);
                }
            }
            send(app, Kind.REFRESH, nodes, node);
            pause(ThreadLocalRandom.current().nextLong(PAUSE_MIN_MILLIS, PAUSE_MAX_MILLIS));
        }
    }

    /** Sends one request to {@code nodes[first]}; without an answer, to the next node, and so on once round. */
    private void send(App app, Kind kind, List<KeycloakServer> nodes, int first) {
        for (int i = 0; i < nodes.size(); i++) {
            Outcome o = sendTo(app, kind, nodes.get((first + i) % nodes.size()));
            outcomes.add(o);
            if (o.answered()) {
                return;
            }
        }
    }

    private Outcome sendTo(App app, Kind kind, KeycloakServer node) {
        String proof = null;
        long proofIat = 0;
        switch (kind) {
            case REFRESH -> {
                if (app.bound()) {
                    proofIat = System.currentTimeMillis() / 1000;
                    proof = app.key.proof("POST", htu, proofIat);
                }
            }
            case NO_PROOF -> { }
            case OTHER_KEY -> proof = stranger.proof("POST", htu);
            case REPLAY -> proof = app.lastProof;
        }
        String refreshToken = app.refreshToken;
        long sent = System.nanoTime();
        TokenResponse r;
        try {
            OAuthClient client = clients.get(node.name());
            r = proof == null ? client.refresh(refreshToken) : client.refresh(refreshToken, proof);
        } catch (UncheckedIOException e) {
            String why = e.getCause() instanceof HttpTimeoutException ? "time-out" : String.valueOf(e.getCause());
            return new Outcome(app.id, node.name(), kind, sent, System.nanoTime(), 0, null, null, why, null, proof, proofIat);
        }
        long done = System.nanoTime();
        String problem = check(app, kind, r, proofIat);
        if (kind == Kind.REFRESH && r.status() == 200 && problem == null) {
            app.refreshToken = r.refreshToken();
            if (proof != null) {
                app.lastProof = proof;
                app.lastProofIat = proofIat;
            }
        }
        return new Outcome(app.id, node.name(), kind, sent, done, r.status(), r.error(), r.errorDescription(), null, problem,
                proof, proofIat);
    }

    /** Null when the answer is the right one for this kind of request. */
    private String check(App app, Kind kind, TokenResponse r, long proofIat) {
        switch (kind) {
            case REFRESH -> {
                if (r.status() != 200) {
                    return "refresh refused";
                }
                String cnf = r.refreshTokenClaims().path("cnf").path("jkt").asText(null);
                if (app.bound() && !app.key.thumbprint().equals(cnf)) {
                    return "refresh token not bound to the app's key: " + cnf;
                }
                if (!app.bound() && cnf != null) {
                    return "unbound app got a bound refresh token";
                }
                if (r.accessTokenClaims().has("cnf") || !"bearer".equalsIgnoreCase(r.tokenType())) {
                    return "access token is not a plain Bearer token";
                }
                return null;
            }
            case NO_PROOF -> {
                return r.status() == 400 && "invalid_dpop_proof".equals(r.error()) ? null : "bound token without proof not refused";
            }
            case OTHER_KEY -> {
                return r.status() == 400 && "invalid_grant".equals(r.error()) ? null : "bound token with another key not refused";
            }
            case REPLAY -> {
                if (r.status() != 400 || !"invalid_dpop_proof".equals(r.error())) {
                    return "replayed proof not refused";
                }
                long age = System.currentTimeMillis() / 1000 - app.lastProofIat;
                // a proof older than its window is refused for its iat; a younger one must be known as used
                return age >= 50 || r.errorDescription().contains("already been used") ? null : "replay not recognised as one";
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    /** Waits until every app has {@code n} successful refreshes on every node sent after {@code sinceNanos}. */
    private void awaitSuccesses(int n, long sinceNanos, long deadline, String when) throws InterruptedException {
        while (true) {
            Map<String, Map<String, Integer>> missing = missingSuccesses(n, sinceNanos);
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("apps still without " + n + " successful refresh(es) per node " + when
                        + " at the deadline (app -> node -> successes): " + missing + "; last outcomes: " + lastOutcomes(20));
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private Map<String, Map<String, Integer>> missingSuccesses(int n, long sinceNanos) {
        Map<String, Map<String, Integer>> missing = new LinkedHashMap<>();
        List<Outcome> snapshot;
        synchronized (outcomes) {
            snapshot = List.copyOf(outcomes);
        }
        for (App app : apps) {
            for (KeycloakServer node : cluster.nodes()) {
                long count = snapshot.stream().filter(o -> o.app().equals(app.id) && o.node().equals(node.name())
                        && o.kind() == Kind.REFRESH && o.sentNanos() >= sinceNanos && o.status() == 200 && o.problem() == null).count();
                if (count < n) {
                    missing.computeIfAbsent(app.id, k -> new TreeMap<>()).put(node.name(), (int) count);
                }
            }
        }
        return missing;
    }

    private List<Outcome> lastOutcomes(int n) {
        synchronized (outcomes) {
            return List.copyOf(outcomes.subList(Math.max(0, outcomes.size() - n), outcomes.size()));
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            // a request has a 60 s time-out of its own
            t.join(TimeUnit.SECONDS.toMillis(90));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
