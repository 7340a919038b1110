package io.github.dpoprefresh.it.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One configuration of the real Keycloak distribution, run as a child process: {@code bin/kc.sh start-dev} (the
 * default), or {@code kc.sh build} once and then {@code kc.sh start --optimized} (production mode, see
 * {@link Builder#production}).
 *
 * <p>Each configuration has its own directory {@code ${work.dir}/<name>/} ({@link KeycloakHome}): a copy of
 * {@code keycloak.home} (or of another configuration's directory, see {@link Builder#copyOf}) with the extension jar in
 * {@code providers/} and, unless turned off, every {@code *.json} of {@code realm.import.dir} in {@code data/import/}.
 * The copy is kept between test runs because Keycloak's build step (~40 s) is stored in it; in development mode
 * Keycloak re-runs that step by itself when a provider jar or a build option changed, in production mode the harness
 * runs {@code kc.sh build} when the jar or the build options changed. {@code data/} is wiped on every {@link #start()},
 * so each start imports the realms into an empty server; {@link #restart()} keeps it. Set the system property
 * {@code keycloak.it.fresh=true} to force a new copy.
 *
 * <p>The server listens on {@code 127.0.0.1} only, on free ports chosen at the first start and kept for restarts.
 * Its console output goes to {@code ${work.dir}/<name>.log} ({@link ServerLog}); the process is run by
 * {@link KeycloakProcess}. Use {@link KeycloakServers} to share started servers between test classes.
 */
public final class KeycloakServer {

    /** Admin user created by {@code KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD} in the master realm. */
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /** How {@code kc.sh} is run. */
    public enum Mode {
        /** {@code kc.sh start-dev}: H2 in {@code data/}, local caches, builds by itself. */
        DEVELOPMENT,
        /** {@code kc.sh build} (by the harness, when needed), then {@code kc.sh start --optimized --http-enabled=true}. */
        PRODUCTION
    }

    private final String name;
    private final Mode mode;
    private final List<String> extraArgs;
    private final KeycloakHome home;
    private final ServerLog log;
    private final KeycloakProcess process;
    private volatile AdminApi admin;

    /**
     * A development-mode configuration ({@code kc.sh start-dev --import-realm}) reading its locations from the system
     * properties that failsafe sets ({@link HarnessSettings}).
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
        this.extraArgs = List.copyOf(b.options);
        Path workDir = HarnessSettings.workDir();
        this.home = new KeycloakHome(b.source != null ? b.source : HarnessSettings.keycloakHome(),
                HarnessSettings.extensionJar(), HarnessSettings.realmImportDir(), workDir.resolve(name));
        this.log = new ServerLog(workDir.resolve(name + ".log"));
        this.process = new KeycloakProcess(b, home, log);
    }

    /** A configuration to set up step by step; by default as {@link #KeycloakServer(String, List)} with no options. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Settings of a {@link KeycloakServer} beyond its name. */
    public static final class Builder {
        final String name;
        Mode mode = Mode.DEVELOPMENT;
        final List<String> buildOptions = new ArrayList<>();
        final List<String> options = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        boolean importRealms = true;
        Path source;
        int httpPort;
        int managementPort;
        Duration startupTimeout = HarnessSettings.startupTimeout();

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

        /** Another unpacked distribution than {@code keycloak.home}, e.g. {@link KeycloakServers#distribution(String)}. */
        public Builder distribution(Path keycloakHome) {
            this.source = keycloakHome.toAbsolutePath().normalize();
            return this;
        }

        /** Fixed ports instead of free ones chosen at the first start. */
        public Builder ports(int httpPort, int managementPort) {
            this.httpPort = httpPort;
            this.managementPort = managementPort;
            return this;
        }

        /** How long a start may take (240 s by default, {@code keycloak.it.startup.timeout.seconds}). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public KeycloakServer build() {
            return new KeycloakServer(this);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Makes the directory ready to start: a copy of the distribution (or of {@link Builder#copyOf another
     * configuration}) when there is none or it is outdated, exactly the extension jar in {@code providers/}, and in
     * production mode a {@code kc.sh build} when the jar, the distribution or the build options changed. Also ends a
     * server of this configuration left running by an earlier test JVM. Runs once per JVM: {@link #start()} calls
     * it; call it yourself to build before starting, e.g. before another configuration copies this one.
     */
    public void prepare() {
        process.prepare();
    }

    /**
     * Prepares the directory (a fresh {@code data/}), starts {@code kc.sh} and waits until the master realm answers.
     * Does nothing when the server is running.
     *
     * @throws KeycloakStartFailure when {@code kc.sh} exits during startup or does not answer in time (it is stopped)
     */
    public KeycloakServer start() {
        if (process.start()) {
            System.out.printf("[harness] Keycloak %s '%s' started in %d ms%s on %s (log: %s)%n", version(), name,
                    startupTime().toMillis(), rebuilt() ? " (with a Keycloak build step)" : "", baseUri(), logFile());
        }
        return this;
    }

    /**
     * Stops the server gracefully if it runs and starts it again on the same ports, keeping {@code data/}; waits
     * until the master realm answers. Also the way back after {@link #kill()}. Requires an earlier {@link #start()}.
     */
    public KeycloakServer restart() {
        process.restart();
        System.out.printf("[harness] Keycloak '%s' restarted in %d ms on %s%n", name, startupTime().toMillis(), baseUri());
        return this;
    }

    /**
     * Ends the server at once, as {@code kill -9} does: SIGKILL to {@code kc.sh} and every process it forked, no
     * shutdown hook runs. Waits until they are gone. {@link #restart()} starts it again.
     */
    public void kill() {
        process.kill();
    }

    /**
     * Stops the server and every process it forked ({@code kc.sh} runs the build in a child JVM and then the
     * server): SIGTERM first, SIGKILL for whatever is left after a timeout. Also stops a server that is starting.
     */
    public void stop() {
        process.stop();
    }

    /** Whether the {@code kc.sh} process started by {@link #start()} is alive. */
    public boolean isRunning() {
        return process.isRunning();
    }

    // ------------------------------------------------------------------ accessors

    public String name() {
        return name;
    }

    /** The Keycloak version this configuration runs (its distribution's {@code version.txt}), e.g. {@code 26.7.5}. */
    public String version() {
        return home.version();
    }

    public List<String> extraArgs() {
        return extraArgs;
    }

    public Mode mode() {
        return mode;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    public int port() {
        return process.port();
    }

    /** The management interface ({@code /health}, {@code /metrics} when enabled). */
    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + process.managementPort());
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
        return home.dir();
    }

    /** The server's console output. */
    public Path logFile() {
        return log.file();
    }

    /** The whole server log so far. */
    public String log() {
        return log.all();
    }

    /** The log of the last start, up to the moment the server answered (later requests' lines excluded). */
    public String startupLog() {
        return log.startup();
    }

    /** Log lines that contain {@code text}. */
    public List<String> logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).collect(Collectors.toList());
    }

    /** The server log written since the last {@link #start()} or {@link #restart()}. */
    public String logSinceLaunch() {
        return log.sinceLaunch();
    }

    /**
     * How long the last {@link #start()} took, from copying files (and a build in production mode) to the first 200
     * of the master realm; after a {@link #restart()}, how long that took.
     */
    public Duration startupTime() {
        return process.startupTime();
    }

    /** Whether the last start had to run Keycloak's build step (augmentation), i.e. was not a warm start. */
    public boolean rebuilt() {
        return process.rebuilt();
    }

    /** Admin REST helper logged in as the bootstrap admin of the master realm (one per server). */
    public AdminApi admin() {
        process.requireStarted();
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
        int p = process.portOrZero();
        return "KeycloakServer[" + name + (p == 0 ? "" : ", http://127.0.0.1:" + p) + ", args=" + extraArgs + "]";
    }

    /** A loopback port in {@code [from, to)} that is free now and that this JVM has not handed out before. */
    public static int freeLoopbackPort(int from, int to) {
        return Ports.freeLoopbackPort(from, to);
    }

    /** Whether nothing listens on {@code 127.0.0.1:port} (it can be bound now). */
    public static boolean isFree(int port) {
        return Ports.isFree(port);
    }
}
