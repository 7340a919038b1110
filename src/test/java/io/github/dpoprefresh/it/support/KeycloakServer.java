package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One configuration of the real Keycloak distribution, run as a child process ({@code bin/kc.sh start-dev}).
 *
 * <p>Each configuration has its own directory {@code ${work.dir}/<name>/}: a copy of {@code keycloak.home} with the
 * extension jar in {@code providers/} and every {@code *.json} of {@code realm.import.dir} in {@code data/import/}.
 * The copy is kept between test runs because Keycloak's build step (Quarkus augmentation, ~40 s) is stored in it;
 * Keycloak re-runs that step by itself when a provider jar or a build option changed. {@code data/} (the H2
 * database) is wiped on every start, so each start imports the realms into an empty server. Set the system property
 * {@code keycloak.it.fresh=true} to force a new copy.
 *
 * <p>The server listens on {@code 127.0.0.1} only, on free ports chosen at start. Its console output goes to
 * {@code ${work.dir}/<name>.log}. Use {@link KeycloakServers} to share started servers between test classes.
 */
public final class KeycloakServer {

    /** Admin user created by {@code KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD} in the master realm. */
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration STARTUP_TIMEOUT =
            Duration.ofSeconds(Long.getLong("keycloak.it.startup.timeout.seconds", 240));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * JVM options appended to Keycloak's own (property {@code keycloak.it.java.opts.append}). By default the JIT stops
     * at C1: on two cores that makes both the build step and the start roughly a third faster, and a test server
     * needs no peak throughput.
     */
    private static final String JAVA_OPTS_APPEND =
            System.getProperty("keycloak.it.java.opts.append", "-XX:TieredStopAtLevel=1");
    private static final int LOG_TAIL_LINES = 80;
    private static final String MARKER_FILE = ".harness-source";
    private static final String PID_FILE = ".harness-pid";
    /** Ports handed out by this JVM, so that two servers started at once never get the same one. */
    private static final Set<Integer> USED_PORTS = Collections.synchronizedSet(new HashSet<>());

    private final String name;
    private final List<String> extraArgs;
    private final Path distribution;
    private final Path extensionJar;
    private final Path realmImportDir;
    private final Path home;
    private final Path logFile;

    private volatile Process process;
    private volatile int port;
    private volatile int managementPort;
    private volatile Duration startupTime;
    private volatile AdminApi admin;

    /**
     * A server configuration reading its locations from the system properties that failsafe sets
     * ({@code keycloak.home}, {@code extension.jar}, {@code realm.import.dir}, {@code work.dir}); when run
     * from an IDE without them, the defaults under {@code target/} of the working directory are used.
     *
     * @param name      directory and log name of this configuration, e.g. {@code dpop-on}
     * @param extraArgs extra {@code kc.sh start-dev} options, e.g. {@code --features-disabled=dpop}
     */
    public KeycloakServer(String name, List<String> extraArgs) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("configuration name must be a plain file name: " + name);
        }
        this.name = name;
        this.extraArgs = List.copyOf(extraArgs);
        this.distribution = setting("keycloak.home", "target/keycloak-dist/keycloak-26.7.3");
        this.extensionJar = setting("extension.jar", "target/keycloak-dpop-refresh.jar");
        this.realmImportDir = setting("realm.import.dir", "realm-export");
        Path workDir = setting("work.dir", "target/it");
        this.home = workDir.resolve(name);
        this.logFile = workDir.resolve(name + ".log");
    }

    // ------------------------------------------------------------------ lifecycle

    /** Prepares the directory, starts {@code kc.sh} and waits until the master realm answers. Idempotent. */
    public synchronized KeycloakServer start() {
        if (isRunning()) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            killLeftoverFromEarlierRun();
            prepareHome();
            port = freePort();
            managementPort = freePort();
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--import-realm",
                    "--log-level=INFO,io.github.dpoprefresh:debug"));
            command.addAll(extraArgs);

            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = pb.environment();
            // the server must not pick up settings of whoever runs the tests
            env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("JAVA_OPTS") || k.startsWith("QUARKUS_"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            if (!JAVA_OPTS_APPEND.isBlank()) {
                env.put("JAVA_OPTS_APPEND", JAVA_OPTS_APPEND);
            }
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator());
            process = pb.start();
            Files.writeString(home.resolve(PID_FILE), Long.toString(process.pid()));
            awaitReady();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start Keycloak configuration " + name, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("[harness] Keycloak '%s' started in %d ms%s on %s (log: %s)%n",
                name, startupTime.toMillis(), rebuilt() ? " (with a Keycloak build step)" : "", baseUri(), logFile);
        return this;
    }

    /**
     * Stops the server and every process it forked ({@code kc.sh} runs the build in a child JVM and then the
     * server): SIGTERM first, SIGKILL for whatever is left after a timeout.
     */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception timeoutOrInterrupt) {
                // killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(home.resolve(PID_FILE));
        } catch (IOException ignored) {
            // only a hint for the next run
        }
    }

    /** Whether the {@code kc.sh} process started by {@link #start()} is alive. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    // ------------------------------------------------------------------ accessors

    public String name() {
        return name;
    }

    public List<String> extraArgs() {
        return extraArgs;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        requireStarted();
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        requireStarted();
        return port;
    }

    /** The management interface ({@code /health}, {@code /metrics} when enabled). */
    public URI managementUri() {
        requireStarted();
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    /** {@code http://127.0.0.1:<port>/realms/<realm>}, also the issuer of that realm's tokens. */
    public URI realmUri(String realm) {
        return URI.create(baseUri() + "/realms/" + realm);
    }

    public URI tokenEndpoint(String realm) {
        return URI.create(realmUri(realm) + "/protocol/openid-connect/token");
    }

    /** The OpenID discovery document of a realm. */
    public URI wellKnown(String realm) {
        return URI.create(realmUri(realm) + "/.well-known/openid-configuration");
    }

    /** The directory this configuration runs in ({@code ${work.dir}/<name>}). */
    public Path home() {
        return home;
    }

    /** The server's console output. */
    public Path logFile() {
        return logFile;
    }

    /** The whole server log so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log lines that contain {@code text}. */
    public List<String> logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    /** How long the last {@link #start()} took, from copying files to the first 200 of the master realm. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Whether the last start had to run Keycloak's build step (augmentation), i.e. was not a warm start. */
    public boolean rebuilt() {
        return log().contains("Updating the configuration and installing your custom providers");
    }

    /** Admin REST helper logged in as the bootstrap admin of the master realm (one per server). */
    public AdminApi admin() {
        requireStarted();
        AdminApi a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = new AdminApi(baseUri(), ADMIN_USERNAME, ADMIN_PASSWORD);
                }
                a = admin;
            }
        }
        return a;
    }

    /** A new OAuth client helper for {@code clientId} in {@code realm} (public client). */
    public OAuthClient oauth(String realm, String clientId) {
        return new OAuthClient(this, realm, clientId, null);
    }

    @Override
    public String toString() {
        return "KeycloakServer[" + name + (port == 0 ? "" : ", " + "http://127.0.0.1:" + port) + ", args=" + extraArgs + "]";
    }

    // ------------------------------------------------------------------ internals

    private void requireStarted() {
        if (port == 0) {
            throw new IllegalStateException("Keycloak configuration '" + name + "' was not started");
        }
    }

    private static Path setting(String property, String fallback) {
        return Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }

    /** Copies the distribution when needed, refreshes providers/ and data/import/, wipes the database. */
    private void prepareHome() throws IOException {
        if (!Files.isRegularFile(distribution.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + distribution
                    + " (run through 'mvn verify', which unpacks it in pre-integration-test)");
        }
        if (!Files.isRegularFile(extensionJar)) {
            throw new IllegalStateException("extension jar missing: " + extensionJar + " (run 'mvn package' first)");
        }
        Files.createDirectories(home.getParent());
        String source = distribution + "\n" + Files.readString(distribution.resolve("version.txt")).trim();
        Path marker = home.resolve(MARKER_FILE);
        boolean reuse = !Boolean.getBoolean("keycloak.it.fresh")
                && Files.isRegularFile(marker)
                && Files.readString(marker).equals(source);
        if (!reuse) {
            deleteRecursively(home);
            copyTree(distribution, home);
            home.resolve("bin/kc.sh").toFile().setExecutable(true);
            Files.writeString(marker, source);
        }
        // providers: exactly the extension jar. Keycloak rebuilds when a provider's timestamp changes, and Maven
        // rewrites the jar on every build: so an unchanged jar (same bytes) is left as it is
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(providers, "*.jar")) {
            for (Path jar : old) {
                if (!jar.getFileName().equals(extensionJar.getFileName())) {
                    Files.delete(jar);
                }
            }
        }
        Path deployed = providers.resolve(extensionJar.getFileName());
        if (!Files.isRegularFile(deployed) || Files.mismatch(extensionJar, deployed) != -1) {
            Files.copy(extensionJar, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
        // fresh database, fresh realm import
        Path data = home.resolve("data");
        deleteRecursively(data);
        Path importDir = data.resolve("import");
        Files.createDirectories(importDir);
        if (Files.isDirectory(realmImportDir)) {
            try (DirectoryStream<Path> realms = Files.newDirectoryStream(realmImportDir, "*.json")) {
                for (Path realm : realms) {
                    Files.copy(realm, importDir.resolve(realm.getFileName()));
                }
            }
        }
    }

    /** A server of this configuration left running by a test JVM that was killed: end it (only our own pid). */
    private void killLeftoverFromEarlierRun() throws IOException {
        Path pidFile = home.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && handle.get().info().commandLine().orElse("").contains(home.toString())) {
                List<ProcessHandle> tree = new ArrayList<>();
                handle.get().descendants().forEach(tree::add);
                tree.add(handle.get());
                tree.forEach(ProcessHandle::destroy);
                for (ProcessHandle h : tree) {
                    try {
                        h.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                }
            }
        } catch (NumberFormatException ignored) {
            // not ours
        }
        Files.deleteIfExists(pidFile);
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        URI probe = wellKnown("master");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("Keycloak '" + name + "' exited"
                        + (p == null ? "" : " with code " + p.exitValue()) + " during startup; last log lines:\n" + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak '" + name + "'", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak '" + name + "' did not answer " + probe + " within "
                        + STARTUP_TIMEOUT.toSeconds() + " s; last log lines:\n" + logTail());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak '" + name + "'", e);
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int candidate = s.getLocalPort();
                if (USED_PORTS.add(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IOException("no free port found");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
