package io.github.dpoprefresh.it.support;

import java.io.File;
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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * One configuration of the real Keycloak distribution, run as a child process: {@code bin/kc.sh start-dev} (the
 * default), or {@code kc.sh build} once and then {@code kc.sh start --optimized} (production mode, see
 * {@link Builder#production}).
 *
 * <p>Each configuration has its own directory {@code ${work.dir}/<name>/}: a copy of {@code keycloak.home} (or of
 * another configuration's directory, see {@link Builder#copyOf}) with the extension jar in {@code providers/} and,
 * unless turned off, every {@code *.json} of {@code realm.import.dir} in {@code data/import/}.
 * The copy is kept between test runs because Keycloak's build step (Quarkus augmentation, ~40 s) is stored in it;
 * in development mode Keycloak re-runs that step by itself when a provider jar or a build option changed, in
 * production mode the harness runs {@code kc.sh build} when the jar or the build options changed. {@code data/} (the
 * H2 database of development mode) is wiped on every {@link #start()}, so each start imports the realms into an empty
 * server; {@link #restart()} keeps it. Set the system property {@code keycloak.it.fresh=true} to force a new copy.
 *
 * <p>The server listens on {@code 127.0.0.1} only, on free ports chosen at the first start and kept for restarts.
 * Its console output goes to {@code ${work.dir}/<name>.log}. Use {@link KeycloakServers} to share started servers
 * between test classes.
 */
public final class KeycloakServer {

    /** Admin user created by {@code KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD} in the master realm. */
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /** How long the server may take to answer (property {@code keycloak.it.startup.timeout.seconds}). */
    private static final Duration STARTUP_TIMEOUT =
            Duration.ofSeconds(Long.getLong("keycloak.it.startup.timeout.seconds", 240));
    /**
     * Extra time allowed when Keycloak runs its build step first (property {@code keycloak.it.build.timeout.seconds}):
     * that step alone took from 30 s on an idle machine to 140 s on an overloaded one.
     */
    private static final Duration BUILD_TIMEOUT =
            Duration.ofSeconds(Long.getLong("keycloak.it.build.timeout.seconds", 300));
    private static final String BUILD_STEP_LINE = "Updating the configuration and installing your custom providers";
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
    /** In production mode: what the last {@code kc.sh build} was run with (options, jar digest, version). */
    private static final String BUILD_STAMP_FILE = ".harness-build";
    /** Ports handed out by this JVM, so that two servers started at once never get the same one. */
    private static final Set<Integer> USED_PORTS = Collections.synchronizedSet(new HashSet<>());

    /** How {@code kc.sh} is run. */
    public enum Mode {
        /** {@code kc.sh start-dev}: H2 in {@code data/}, local caches, builds by itself. */
        DEVELOPMENT,
        /** {@code kc.sh build} (by the harness, when needed), then {@code kc.sh start --optimized --http-enabled=true}. */
        PRODUCTION
    }

    private final String name;
    private final Mode mode;
    private final List<String> buildOptions;
    private final List<String> extraArgs;
    private final Map<String, String> extraEnv;
    private final boolean importRealms;
    private final Path distribution;
    private final Path extensionJar;
    private final Path realmImportDir;
    private final Path home;
    private final Path logFile;

    /** The running {@code kc.sh}; not guarded by the start lock so that a shutdown hook can stop a server still starting. */
    private final AtomicReference<Process> process = new AtomicReference<>();
    private volatile int port;
    private volatile int managementPort;
    private volatile Duration startupTime;
    private volatile long startupLogLength;
    private volatile boolean prepared;
    private volatile boolean builtByHarness;
    /** The log holds a build's output that the next launch must not overwrite. */
    private volatile boolean keepLog;
    private volatile long launchLogOffset;
    private volatile AdminApi admin;

    /**
     * A development-mode configuration ({@code kc.sh start-dev --import-realm}) reading its locations from the system
     * properties that failsafe sets ({@code keycloak.home}, {@code extension.jar}, {@code realm.import.dir},
     * {@code work.dir}); when run from an IDE without them, the defaults under {@code target/} of the working
     * directory are used.
     *
     * @param name      directory and log name of this configuration, e.g. {@code dpop-on}
     * @param extraArgs extra {@code kc.sh start-dev} options, e.g. {@code --features-disabled=dpop}
     */
    public KeycloakServer(String name, List<String> extraArgs) {
        this(builder(name).options(extraArgs));
    }

    private KeycloakServer(Builder b) {
        if (!b.name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("configuration name must be a plain file name: " + b.name);
        }
        this.name = b.name;
        this.mode = b.mode;
        this.buildOptions = List.copyOf(b.buildOptions);
        this.extraArgs = List.copyOf(b.options);
        this.extraEnv = Map.copyOf(b.env);
        this.importRealms = b.importRealms;
        this.distribution = b.source != null ? b.source : setting("keycloak.home", "target/keycloak-dist/keycloak-26.7.3");
        this.extensionJar = setting("extension.jar", "target/keycloak-dpop-refresh.jar");
        this.realmImportDir = setting("realm.import.dir", "realm-export");
        Path workDir = setting("work.dir", "target/it");
        this.home = workDir.resolve(name);
        this.logFile = workDir.resolve(name + ".log");
        this.port = b.httpPort;
        this.managementPort = b.managementPort;
    }

    /** A configuration to set up step by step; by default as {@link #KeycloakServer(String, List)} with no options. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Settings of a {@link KeycloakServer} beyond its name. */
    public static final class Builder {
        private final String name;
        private Mode mode = Mode.DEVELOPMENT;
        private final List<String> buildOptions = new ArrayList<>();
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private boolean importRealms = true;
        private Path source;
        private int httpPort;
        private int managementPort;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Production mode: {@code kc.sh build <buildOptions>} runs at {@link #start()} when the extension jar, the
         * distribution or these options changed since the last build in this directory, and the server starts with
         * {@code kc.sh start --optimized --http-enabled=true}. Realms are not imported unless
         * {@link #importRealms(boolean)} says so. The runtime options (database URL, hostname, ...) go to
         * {@link #options}.
         */
        public Builder production(List<String> buildOptions) {
            this.mode = Mode.PRODUCTION;
            this.buildOptions.addAll(buildOptions);
            this.importRealms = false;
            return this;
        }

        /** Extra options of {@code kc.sh start-dev} or {@code kc.sh start}. */
        public Builder options(List<String> options) {
            this.options.addAll(options);
            return this;
        }

        public Builder options(String... options) {
            return options(List.of(options));
        }

        /**
         * An environment variable of the server process (set after the harness' own, e.g. {@code KC_DB_PASSWORD});
         * {@code JAVA_OPTS_APPEND} is appended to the harness' value.
         */
        public Builder env(String variable, String value) {
            this.env.put(variable, value);
            return this;
        }

        /** Whether {@code realm.import.dir} is imported at start ({@code --import-realm}). */
        public Builder importRealms(boolean importRealms) {
            this.importRealms = importRealms;
            return this;
        }

        /**
         * Make the directory a copy of another configuration's (without its {@code data/}) instead of a copy of the
         * distribution, e.g. a second cluster node of an already built first one: its build is then reused.
         * {@code other} must have been {@link KeycloakServer#prepare() prepared} before this one is.
         */
        public Builder copyOf(KeycloakServer other) {
            this.source = other.home();
            return this;
        }

        /** Fixed ports instead of free ones chosen at the first start. */
        public Builder ports(int httpPort, int managementPort) {
            this.httpPort = httpPort;
            this.managementPort = managementPort;
            return this;
        }

        public KeycloakServer build() {
            return new KeycloakServer(this);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Prepares the directory (a fresh {@code data/}), starts {@code kc.sh} and waits until the master realm answers.
     * Does nothing when the server is running.
     */
    public synchronized KeycloakServer start() {
        if (isRunning()) {
            return this;
        }
        timed("start", () -> {
            prepare();
            wipeData();
            if (port == 0) {
                port = freePort();
            }
            if (managementPort == 0) {
                managementPort = freePort();
            }
            launch(false);
        });
        System.out.printf("[harness] Keycloak '%s' started in %d ms%s on %s (log: %s)%n",
                name, startupTime.toMillis(), rebuilt() ? " (with a Keycloak build step)" : "", baseUri(), logFile);
        return this;
    }

    /**
     * Stops the server gracefully if it runs and starts it again on the same ports, keeping {@code data/}; waits
     * until the master realm answers. Also the way back after {@link #kill()}. Requires an earlier {@link #start()}.
     */
    public synchronized KeycloakServer restart() {
        requireStarted();
        stop();
        timed("restart", () -> launch(true));
        System.out.printf("[harness] Keycloak '%s' restarted in %d ms on %s%n", name, startupTime.toMillis(), baseUri());
        return this;
    }

    private interface Launch {
        void run() throws IOException;
    }

    /** Runs a (re)start, sets {@link #startupTime}; on failure stops what was started and rethrows. */
    private void timed(String what, Launch launch) {
        long t0 = System.nanoTime();
        try {
            launch.run();
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot " + what + " Keycloak configuration " + name, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Ends the server at once, as {@code kill -9} does: SIGKILL to {@code kc.sh} and every process it forked, no
     * shutdown hook runs. Waits until they are gone. {@link #restart()} starts it again.
     */
    public synchronized void kill() {
        Process p = process.getAndSet(null);
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + h.pid() + " of Keycloak '" + name + "' survived SIGKILL", e);
            }
        }
        appendToLog("# harness: killed with SIGKILL");
    }

    /**
     * Stops the server and every process it forked ({@code kc.sh} runs the build in a child JVM and then the
     * server): SIGTERM first, SIGKILL for whatever is left after a timeout.
     */
    public void stop() {
        Process p = process.getAndSet(null);
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
        Process p = process.get();
        return p != null && p.isAlive();
    }

    // ------------------------------------------------------------------ accessors

    public String name() {
        return name;
    }

    public List<String> extraArgs() {
        return extraArgs;
    }

    public Mode mode() {
        return mode;
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

    /** The log of the last start, up to the moment the server answered (later requests' lines excluded). */
    public String startupLog() {
        try {
            byte[] all = Files.readAllBytes(logFile);
            return new String(all, 0, (int) Math.min(all.length, startupLogLength), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log lines that contain {@code text}. */
    public List<String> logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    /** The server log written since the last {@link #start()} or {@link #restart()}. */
    public String logSinceLaunch() {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int from = (int) Math.min(launchLogOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How long the last {@link #start()} took, from copying files (and a build in production mode) to the first 200
     * of the master realm; after a {@link #restart()}, how long that took.
     */
    public Duration startupTime() {
        return startupTime;
    }

    /** Whether the last start had to run Keycloak's build step (augmentation), i.e. was not a warm start. */
    public boolean rebuilt() {
        return builtByHarness || log().contains(BUILD_STEP_LINE);
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

    /** A new OAuth client helper for the public client {@code clientId} of {@code realm}. */
    public OAuthClient oauth(String realm, String clientId) {
        return new OAuthClient(this, realm, clientId, null);
    }

    /** A new OAuth client helper for a confidential client ({@code client_secret_post}). */
    public OAuthClient oauth(String realm, String clientId, String clientSecret) {
        return new OAuthClient(this, realm, clientId, clientSecret);
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

    /**
     * Makes the directory ready to start: a copy of the distribution (or of {@link Builder#copyOf another
     * configuration}) when there is none or it is outdated, exactly the extension jar in {@code providers/}, and in
     * production mode a {@code kc.sh build} when the jar, the distribution or the build options changed. Also ends a
     * server of this configuration left running by an earlier test JVM. Runs once per JVM: {@link #start()} calls
     * it; call it yourself to build before starting, e.g. before another configuration copies this one.
     */
    public synchronized void prepare() {
        if (prepared) {
            return;
        }
        if (isRunning()) {
            throw new IllegalStateException("Keycloak '" + name + "' is running");
        }
        try {
            killLeftoverFromEarlierRun();
            prepareHome();
            if (mode == Mode.PRODUCTION) {
                buildIfNeeded();
            }
            prepared = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak configuration " + name, e);
        }
    }

    /** Copies the distribution when needed and refreshes providers/. */
    private void prepareHome() throws IOException {
        if (!Files.isRegularFile(distribution.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + distribution
                    + " (run through 'mvn verify', which unpacks it in pre-integration-test)");
        }
        if (!Files.isRegularFile(extensionJar)) {
            throw new IllegalStateException("extension jar missing: " + extensionJar + " (run 'mvn package' first)");
        }
        Files.createDirectories(home.getParent());
        // the source's own build stamp is part of the marker: a copy of a configuration that was rebuilt is renewed
        Path sourceStamp = distribution.resolve(BUILD_STAMP_FILE);
        String source = distribution + "\n" + Files.readString(distribution.resolve("version.txt")).trim()
                + (Files.isRegularFile(sourceStamp) ? "\n" + Files.readString(sourceStamp) : "");
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
    }

    /** A fresh data/ (the H2 database of development mode) with the realms to import. */
    private void wipeData() throws IOException {
        Path data = home.resolve("data");
        deleteRecursively(data);
        Files.createDirectories(data);
        if (!importRealms) {
            return;
        }
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

    /** Production mode: {@code kc.sh build <build options>} unless the last build here had the same inputs. */
    private void buildIfNeeded() throws IOException {
        String stamp = String.join(" ", buildOptions) + "\n" + sha256(home.resolve("providers").resolve(extensionJar.getFileName()))
                + "\n" + Files.readString(home.resolve("version.txt")).trim();
        Path stampFile = home.resolve(BUILD_STAMP_FILE);
        if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return;
        }
        Files.deleteIfExists(stampFile);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(buildOptions);
        Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator());
        long t0 = System.nanoTime();
        Process build = processBuilder(command).start();
        try {
            if (!build.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                build.descendants().forEach(ProcessHandle::destroyForcibly);
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build of '" + name + "' took longer than " + STARTUP_TIMEOUT.toSeconds()
                        + " s; last log lines:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            build.descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly();
            throw new IllegalStateException("interrupted while building Keycloak '" + name + "'", e);
        }
        if (build.exitValue() != 0) {
            throw new IllegalStateException("kc.sh build of '" + name + "' failed with code " + build.exitValue()
                    + "; last log lines:\n" + logTail());
        }
        Files.writeString(stampFile, stamp);
        builtByHarness = true;
        keepLog = true;
        System.out.printf("[harness] Keycloak '%s' built in %d ms (%s)%n", name,
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), String.join(" ", buildOptions));
    }

    /** Starts kc.sh on the chosen ports and waits until it answers; a restart appends to the log. */
    private void launch(boolean restart) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        if (mode == Mode.PRODUCTION) {
            command.addAll(List.of("start", "--optimized", "--http-enabled=true"));
        } else {
            command.add("start-dev");
        }
        command.addAll(List.of(
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort));
        if (importRealms) {
            command.add("--import-realm");
        }
        command.add("--log-level=INFO,io.github.dpoprefresh:debug");
        command.addAll(extraArgs);

        String header = "# " + (restart ? "harness: restart: " : "") + String.join(" ", command) + System.lineSeparator();
        if (restart || keepLog) {
            // keep what came before: the build, the earlier run
            launchLogOffset = Files.isRegularFile(logFile) ? Files.size(logFile) : 0;
            Files.writeString(logFile, header, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } else {
            launchLogOffset = 0;
            Files.writeString(logFile, header);
        }
        keepLog = false;
        Process started = processBuilder(command).start();
        process.set(started);
        Files.writeString(home.resolve(PID_FILE), Long.toString(started.pid()));
        awaitReady();
        awaitStartedLine();
    }

    /** kc.sh in the home directory, output appended to the log, with a clean environment. */
    private ProcessBuilder processBuilder(List<String> command) {
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
        extraEnv.forEach((k, v) -> env.merge(k, v, (ours, theirs) -> k.equals("JAVA_OPTS_APPEND") ? ours + " " + theirs : theirs));
        return pb;
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // only a note for whoever reads the log
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
        long started = System.nanoTime();
        Duration allowed = STARTUP_TIMEOUT;
        while (true) {
            Process p = process.get();
            if (p == null) {
                throw new IllegalStateException("Keycloak '" + name + "' was stopped during startup");
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("Keycloak '" + name + "' exited with code " + p.exitValue()
                        + " during startup; last log lines:\n" + logTail());
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
            if (System.nanoTime() - started > allowed.toNanos()) {
                if (allowed == STARTUP_TIMEOUT && log().contains(BUILD_STEP_LINE)) {
                    allowed = STARTUP_TIMEOUT.plus(BUILD_TIMEOUT);
                } else {
                    throw new IllegalStateException("Keycloak '" + name + "' did not answer " + probe + " within "
                            + allowed.toSeconds() + " s; last log lines:\n" + logTail());
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak '" + name + "'", e);
            }
        }
    }

    /** Quarkus may answer requests a moment before its "started in" line reaches the log. */
    private void awaitStartedLine() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!log().contains("Listening on: http://127.0.0.1:" + port) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        startupLogLength = Files.size(logFile);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * A port on the loopback interface that is free now and that this JVM has not handed out before; in
     * {@code [from, to)} when given, else an ephemeral one.
     */
    public static int freeLoopbackPort(int from, int to) {
        for (int candidate = from; candidate < to; candidate++) {
            if (!USED_PORTS.contains(candidate) && isFree(candidate) && USED_PORTS.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port in [" + from + ", " + to + ")");
    }

    /** Whether nothing listens on {@code 127.0.0.1:port} (it can be bound now). */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
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

    /** Copies a distribution or another configuration's directory, without its data/ and harness markers. */
    private static void copyTree(Path from, Path to) throws IOException {
        Path data = from.resolve("data");
        Set<Path> skipped = Set.of(from.resolve(PID_FILE), from.resolve(MARKER_FILE));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(data) && Files.isRegularFile(from.resolve(MARKER_FILE))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!skipped.contains(file)) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
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
