package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Keycloak cluster on this machine: one {@link PostgresServer} and several {@link KeycloakServer} nodes in production
 * mode, as Keycloak is run in a cluster: {@code --db=postgres}, {@code --cache=ispn} (embedded Infinispan) with
 * Keycloak's default {@code jdbc-ping} discovery, each node's JGroups transport on {@code 127.0.0.1} and a port of its
 * own. Nothing of this is specific to the extension: the nodes run the distribution with our jar in
 * {@code providers/}, configured only with Keycloak's own options.
 *
 * <p>The nodes run as behind a load balancer: the same public URL ({@code --hostname}) on every node, and
 * {@code --proxy-headers=xforwarded} from {@code 127.0.0.1} only. Tokens and DPoP proofs name that URL, whichever node a
 * request goes to. Nothing listens there: tests send each request straight to the node they choose with the
 * {@code X-Forwarded-*} headers the load balancer would add ({@link #oauth}), and make proofs for
 * {@link #tokenEndpoint(String)}. (Keycloak, and this extension, compare a proof's {@code htu} with the URL of the
 * request as the node sees it: behind a load balancer that is the public URL only with proxy headers, or a Host header
 * passed on.)
 *
 * <p>The first node runs {@code kc.sh build} (once per jar and options, kept between runs like every harness
 * directory); the others are copies of it. Nodes start one after the other, the first one creating the schema.
 * That the cluster formed is read from each node: the Infinispan metric {@code vendor_cluster_size} and the last
 * JGroups view in its log ({@code ISPN000094}) must both name every running node.
 */
public final class KeycloakCluster {

    /** Build options of every node: the ones a clustered production Keycloak needs, plus health and metrics. */
    public static final List<String> BUILD_OPTIONS = List.of(
            "--db=postgres", "--cache=ispn", "--health-enabled=true", "--metrics-enabled=true");

    private static final Duration FORMATION_TIMEOUT =
            Duration.ofSeconds(Long.getLong("keycloak.it.cluster.formation.timeout.seconds", 120));
    /** JGroups' FD_SOCK2 listens on the transport port + 50000: transport ports stay below 15536 so that it fits. */
    private static final int FD_SOCK2_OFFSET = 50000;
    /** A new view (ISPN000094) or, after a split such as both nodes restarting at once, a merged one (ISPN000093). */
    private static final Pattern VIEW = Pattern.compile(
            "ISPN00009[34]: Received new(?:, MERGED)? cluster view for channel \\S+: (?:MergeView::)?\\[[^]]*] \\((\\d+)\\) \\[([^]]*)]");
    private static final Pattern CLUSTER_SIZE = Pattern.compile("(?m)^vendor_cluster_size\\{[^}]*} ([0-9.]+)$");

    private final String name;
    private final PostgresServer database;
    private final List<KeycloakServer> nodes;
    private final URI publicUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private volatile Duration startupTime;

    private KeycloakCluster(String name, int size) {
        this.name = name;
        this.database = new PostgresServer(name + "-postgres");
        this.publicUrl = URI.create("http://127.0.0.1:" + Ports.freeLoopbackPort(40000, 50000));
        List<KeycloakServer> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String nodeName = name + "-" + (char) ('a' + i);
            KeycloakServer.Builder node = KeycloakServer.builder(nodeName)
                    .production(BUILD_OPTIONS)
                    .env("KC_DB_PASSWORD", PostgresServer.PASSWORD)
                    .options(
                            "--hostname=" + publicUrl,
                            "--proxy-headers=xforwarded",
                            "--proxy-trusted-addresses=127.0.0.1",
                            "--db-url=" + database.jdbcUrl(),
                            "--db-username=" + PostgresServer.USER,
                            "--cache-embedded-network-bind-address=127.0.0.1",
                            "--cache-embedded-network-bind-port=" + jgroupsPort(),
                            "--spi-cache-embedded-default-node-name=" + nodeName);
            if (i > 0) {
                node.copyOf(list.get(0));
            }
            list.add(node.build());
        }
        this.nodes = List.copyOf(list);
    }

    /**
     * Starts PostgreSQL and {@code size} nodes ({@code <name>-a}, {@code <name>-b}, ...) and waits until they formed one
     * cluster. Stopped by a shutdown hook at the latest.
     */
    public static KeycloakCluster start(String name, int size) {
        KeycloakCluster cluster = new KeycloakCluster(name, size);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "keycloak-cluster-shutdown-" + name));
        cluster.startAll();
        return cluster;
    }

    private void startAll() {
        long t0 = System.nanoTime();
        try {
            database.start();
            // the first node builds, the others copy it; then one after the other, the first creates the schema
            nodes.forEach(KeycloakServer::prepare);
            nodes.forEach(KeycloakServer::start);
            awaitFormed();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("[harness] cluster '%s' of %d nodes formed in %d ms (public URL %s, PostgreSQL port %d)%n",
                name, nodes.size(), startupTime.toMillis(), publicUrl, database.port());
    }

    /** Stops every node (in parallel, gracefully), then PostgreSQL. */
    public synchronized void stop() {
        List<CompletableFuture<Void>> stops = nodes.stream()
                .map(n -> CompletableFuture.runAsync(n::stop, KeycloakCluster::daemonThread))
                .collect(Collectors.toList());
        stops.forEach(CompletableFuture::join);
        database.stop();
    }

    // ------------------------------------------------------------------ faults

    /** Graceful restart of one node (SIGTERM, then start on the same ports); waits until the cluster formed again. */
    public Duration restart(KeycloakServer node) {
        long t0 = System.nanoTime();
        node.restart();
        awaitFormed();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** {@code kill -9} of one node: it is gone at once, the others notice through JGroups. */
    public void kill(KeycloakServer node) {
        node.kill();
    }

    /**
     * Stops every node gracefully and starts them again, all at once, as after a full outage; waits until they formed
     * one cluster again.
     */
    public Duration restartAll() {
        long t0 = System.nanoTime();
        nodes.stream()
                .map(n -> CompletableFuture.runAsync(n::stop, KeycloakCluster::daemonThread))
                .collect(Collectors.toList())
                .forEach(CompletableFuture::join);
        nodes.stream()
                .map(n -> CompletableFuture.runAsync(n::restart, KeycloakCluster::daemonThread))
                .collect(Collectors.toList())
                .forEach(CompletableFuture::join);
        awaitFormed();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    // ------------------------------------------------------------------ formation

    /**
     * Waits until every running node reports a cluster of all running nodes: {@link #clusterSize} equal to their
     * number and {@link #viewMembers} naming each of them.
     */
    public void awaitFormed() {
        long deadline = System.nanoTime() + FORMATION_TIMEOUT.toNanos();
        while (true) {
            List<KeycloakServer> running = nodes.stream().filter(KeycloakServer::isRunning).collect(Collectors.toList());
            List<String> names = running.stream().map(KeycloakServer::name).collect(Collectors.toList());
            boolean formed = running.stream().allMatch(n ->
                    clusterSize(n) == running.size() && viewMembers(n).containsAll(names) && viewMembers(n).size() == running.size());
            if (formed) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder state = new StringBuilder();
                for (KeycloakServer n : running) {
                    state.append("\n  ").append(n.name()).append(": cluster size ").append(clusterSize(n))
                            .append(", last view ").append(viewMembers(n)).append(" (log: ").append(n.logFile()).append(')');
                }
                throw new IllegalStateException("cluster '" + name + "' of " + names + " did not form within "
                        + FORMATION_TIMEOUT.toSeconds() + " s:" + state);
            }
            Processes.sleep(500);
        }
    }

    /** The node's Infinispan cluster size ({@code vendor_cluster_size} on its management port), or -1 if unknown. */
    public int clusterSize(KeycloakServer node) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.managementUri() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = CLUSTER_SIZE.matcher(r.body());
            return r.statusCode() == 200 && m.find() ? (int) Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The members of the last JGroups view the node logged since it was (re)started (Infinispan's
     * {@code ISPN000094: Received new cluster view ... (2) [cluster-a(v=...), cluster-b(v=...)]}), as node names;
     * empty before the first view.
     */
    public List<String> viewMembers(KeycloakServer node) {
        String last = null;
        for (String line : node.logSinceLaunch().split("\n")) {
            if (line.contains("ISPN000094") || line.contains("ISPN000093")) {
                last = line;
            }
        }
        if (last == null) {
            return List.of();
        }
        Matcher m = VIEW.matcher(last);
        if (!m.find()) {
            throw new IllegalStateException("unexpected JGroups view line in " + node.logFile() + ": " + last);
        }
        List<String> members = Arrays.stream(m.group(2).split(","))
                .map(String::trim)
                .map(s -> s.replaceAll("\\(.*\\)$", ""))
                .collect(Collectors.toList());
        if (members.size() != Integer.parseInt(m.group(1))) {
            throw new IllegalStateException("JGroups view of " + m.group(1) + " members lists " + members + ": " + last);
        }
        return members;
    }

    /** What Keycloak's {@code jdbc-ping} discovery wrote into the shared database: one row per member. */
    public List<Map<String, Object>> discoveryTable() {
        return database.query("SELECT name, ip, coord FROM jgroups_ping ORDER BY name");
    }

    // ------------------------------------------------------------------ access

    public List<KeycloakServer> nodes() {
        return nodes;
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    public PostgresServer database() {
        return database;
    }

    /** The URL every node names itself by ({@code --hostname}); nothing listens there. */
    public URI publicUrl() {
        return publicUrl;
    }

    /**
     * An OAuth client sending its requests to {@code node} as the load balancer would: with {@code X-Forwarded-Host}
     * and {@code X-Forwarded-Proto} of the public URL.
     */
    public OAuthClient oauth(KeycloakServer node, String realm, String clientId) {
        return node.oauth(realm, clientId).withHeaders(Map.of(
                "X-Forwarded-Host", publicUrl.getHost() + ":" + publicUrl.getPort(),
                "X-Forwarded-Proto", publicUrl.getScheme()));
    }

    /** The token endpoint under the public URL: the {@code htu} of DPoP proofs, whichever node gets the request. */
    public URI tokenEndpoint(String realm) {
        return URI.create(publicUrl + "/realms/" + realm + "/protocol/openid-connect/token");
    }

    /** How long {@link #start} took, from PostgreSQL to a formed cluster (including any build). */
    public Duration startupTime() {
        return startupTime;
    }

    // ------------------------------------------------------------------ internals

    /** A free transport port whose FD_SOCK2 port (+50000) is free too. */
    private static int jgroupsPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = Ports.freeLoopbackPort(7800, 65536 - FD_SOCK2_OFFSET);
            if (Ports.isFree(candidate + FD_SOCK2_OFFSET)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free JGroups port pair found");
    }

    private static void daemonThread(Runnable task) {
        Thread t = new Thread(task, "keycloak-cluster-worker");
        t.setDaemon(true);
        t.start();
    }
}
