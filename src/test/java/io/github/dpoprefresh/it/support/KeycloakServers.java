package io.github.dpoprefresh.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keycloak servers shared by all integration-test classes of one test JVM.
 *
 * <p>Each configuration is started lazily, at most once per JVM, the first time a test asks for it, and stopped by a
 * shutdown hook when the JVM exits. Several configurations may run at once; {@link #startAll} starts several in
 * parallel threads, and asking for one of the two DPoP configurations starts the other one alongside.
 *
 * <pre>{@code
 * KeycloakServer kc = KeycloakServers.dpopFeatureOn();
 * KeycloakServer metrics = KeycloakServers.get("metrics", "--metrics-enabled=true");
 * }</pre>
 */
public final class KeycloakServers {

    /** Name of the configuration with Keycloak's default features (DPoP on). */
    public static final String DPOP_ON = "dpop-on";
    /** Name of the configuration started with {@code --features-disabled=dpop}. */
    public static final String DPOP_OFF = "dpop-off";

    private static final Map<String, Entry> SERVERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KeycloakServers::stopAll, "keycloak-servers-shutdown"));
    }

    private KeycloakServers() {
    }

    /**
     * Whether asking for one of the two DPoP configurations starts the other one too, in the background: the test
     * suite needs both, and starting them side by side is faster than one after the other. Off with
     * {@code -Dkeycloak.it.parallel=false}.
     */
    private static final boolean PARALLEL = HarnessSettings.parallel();

    /**
     * The Keycloak version the shared servers run, e.g. {@code 26.7.5}: that of {@code keycloak.home} (the pom's
     * {@code keycloak.version}, or the version of the matrix execution), read from its {@code version.txt}. Known
     * before any server starts.
     */
    public static String version() {
        return KeycloakHome.versionOf(HarnessSettings.keycloakHome());
    }

    /**
     * The unpacked distribution of another Keycloak version ({@code ${keycloak.dist.dir}/keycloak-<version>}), for
     * {@link KeycloakServer.Builder#distribution}; the pom unpacks the versions its executions need.
     */
    public static java.nio.file.Path distribution(String version) {
        return HarnessSettings.distributions().resolve("keycloak-" + version);
    }

    /** The shared server with Keycloak's default features; DPoP is on. */
    public static KeycloakServer dpopFeatureOn() {
        CompletableFuture<KeycloakServer> on = startAsync(DPOP_ON);
        if (PARALLEL) {
            startAsync(DPOP_OFF, "--features-disabled=dpop");
        }
        return join(on);
    }

    /** The shared server started with {@code --features-disabled=dpop}. */
    public static KeycloakServer dpopFeatureOff() {
        CompletableFuture<KeycloakServer> off = startAsync(DPOP_OFF, "--features-disabled=dpop");
        if (PARALLEL) {
            startAsync(DPOP_ON);
        }
        return join(off);
    }

    /**
     * The shared, started server of configuration {@code name}, started now with {@code extraArgs} if it is not running
     * yet. Asking again for the same name with other arguments is an error.
     */
    public static KeycloakServer get(String name, String... extraArgs) {
        return join(startAsync(name, extraArgs));
    }

    /** Starts (or finds) configuration {@code name} in a background thread. */
    public static CompletableFuture<KeycloakServer> startAsync(String name, String... extraArgs) {
        List<String> args = List.of(extraArgs);
        Entry entry = SERVERS.computeIfAbsent(name, n -> {
            KeycloakServer server = new KeycloakServer(n, args);
            // own thread: the common pool has a single worker on a 2-core machine
            return new Entry(server, CompletableFuture.supplyAsync(server::start, task -> {
                Thread t = new Thread(task, "keycloak-start-" + n);
                t.setDaemon(true);
                t.start();
            }));
        });
        if (!entry.server.extraArgs().equals(args)) {
            throw new IllegalStateException("Keycloak configuration '" + name + "' already exists with arguments "
                    + entry.server.extraArgs() + ", not " + args);
        }
        return entry.started;
    }

    /** Starts the two DPoP configurations in parallel and waits for both: useful in a {@code @BeforeAll}. */
    public static void startBoth() {
        dpopFeatureOn();
        dpopFeatureOff();
    }

    /** Starts several configurations in parallel, e.g. {@code startAll(Map.of("metrics", List.of("--metrics-enabled=true")))}. */
    public static List<KeycloakServer> startAll(Map<String, List<String>> configurations) {
        List<CompletableFuture<KeycloakServer>> futures = new ArrayList<>();
        configurations.forEach((name, args) -> futures.add(startAsync(name, args.toArray(String[]::new))));
        List<KeycloakServer> servers = new ArrayList<>();
        futures.forEach(f -> servers.add(join(f)));
        return servers;
    }

    /** Stops every server started through this class, in parallel (also done at JVM exit). */
    public static void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (Entry e : SERVERS.values()) {
            Thread t = new Thread(e.server::stop, "keycloak-stop-" + e.server.name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        SERVERS.clear();
    }

    private static KeycloakServer join(CompletableFuture<KeycloakServer> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }

    private static final class Entry {
        final KeycloakServer server;
        final CompletableFuture<KeycloakServer> started;

        Entry(KeycloakServer server, CompletableFuture<KeycloakServer> started) {
            this.server = server;
            this.started = started;
        }
    }
}
