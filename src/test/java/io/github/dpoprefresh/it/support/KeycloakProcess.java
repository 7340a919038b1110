package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of one configuration's {@code kc.sh}: {@code kc.sh build} run to its end (production mode), the server
 * started with a clean environment on its ports and awaited until it answers, then stopped or killed with every
 * process it forked ({@code kc.sh} runs the build in a child JVM and then the server). Output goes to the
 * {@link ServerLog}. {@link KeycloakServer} is its public face.
 */
final class KeycloakProcess {

    /** What Keycloak logs when it runs its build step (augmentation) before starting. */
    static final String BUILD_STEP_LINE = "Updating the configuration and installing your custom providers";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** How often every test server writes its rollout figures: a test waits a little longer before it reads them. */
    static final int FIGURES_FLUSH_SECONDS = 1;

    private final String name;
    private final boolean production;
    private final List<String> buildOptions;
    private final List<String> extraArgs;
    private final Map<String, String> extraEnv;
    private final boolean importRealms;
    private final Duration startupTimeout;
    private final KeycloakHome home;
    private final ServerLog log;
    /** The running {@code kc.sh}; not guarded by the start lock so that a shutdown hook can stop a server still starting. */
    private final AtomicReference<Process> process = new AtomicReference<>();
    private volatile int port;
    private volatile int managementPort;
    private volatile Duration startupTime;
    private volatile boolean prepared;
    private volatile boolean builtByHarness;

    KeycloakProcess(KeycloakServer.Builder b, KeycloakHome home, ServerLog log) {
        this.name = b.name;
        this.production = b.mode == KeycloakServer.Mode.PRODUCTION;
        this.buildOptions = List.copyOf(b.buildOptions);
        this.extraArgs = List.copyOf(b.options);
        this.extraEnv = Map.copyOf(b.env);
        this.importRealms = b.importRealms;
        this.startupTimeout = b.startupTimeout;
        this.home = home;
        this.log = log;
        this.port = b.httpPort;
        this.managementPort = b.managementPort;
    }

    /** See {@link KeycloakServer#prepare()}. */
    synchronized void prepare() {
        if (prepared) {
            return;
        }
        if (isRunning()) {
            throw new IllegalStateException("Keycloak '" + name + "' is running");
        }
        try {
            home.stopLeftover(STOP_TIMEOUT);
            home.prepare(HarnessSettings.fresh());
            if (production && !home.isBuiltWith(buildOptions)) {
                home.forgetBuild();
                long t0 = System.nanoTime();
                build();
                home.recordBuild(buildOptions);
                builtByHarness = true;
                System.out.printf("[harness] Keycloak '%s' built in %d ms (%s)%n", name,
                        Duration.ofNanos(System.nanoTime() - t0).toMillis(), String.join(" ", buildOptions));
            }
            prepared = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak configuration " + name, e);
        }
    }

    /** {@code kc.sh build <buildOptions>} in a new log; fails with the last log lines on a timeout or non-zero exit. */
    private void build() throws IOException {
        List<String> command = new ArrayList<>(List.of(home.kcSh().toString(), "build"));
        command.addAll(buildOptions);
        log.beginBuild(command);
        int code;
        try {
            code = Processes.awaitExit(processBuilder(command).start(), startupTimeout, "kc.sh build of '" + name + "'");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; last log lines:\n" + log.tail(), e);
        }
        if (code != 0) {
            throw new IllegalStateException("kc.sh build of '" + name + "' failed with code " + code
                    + "; last log lines:\n" + log.tail());
        }
    }

    /** See {@link KeycloakServer#start()}: returns false when it was running already. */
    synchronized boolean start() {
        if (isRunning()) {
            return false;
        }
        timed("start", false);
        return true;
    }

    /** See {@link KeycloakServer#restart()}. */
    synchronized void restart() {
        requireStarted();
        stop();
        timed("restart", true);
    }

    /** Runs a (re)start, sets {@link #startupTime}; on failure stops what was started and rethrows. */
    private void timed(String what, boolean restart) {
        long t0 = System.nanoTime();
        try {
            if (!restart) {
                prepare();
                home.wipeData(importRealms);
                port = port == 0 ? Ports.ephemeral() : port;
                managementPort = managementPort == 0 ? Ports.ephemeral() : managementPort;
            }
            launch(restart);
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
     * Starts kc.sh and waits until the master realm answers 200 and the log says the server listens on its port. The
     * startup timeout is lengthened by the build timeout once the log shows Keycloak's build step.
     *
     * @throws KeycloakStartFailure when the process exits first (with its exit code), or in time does not answer
     */
    private void launch(boolean restart) throws IOException {
        List<String> command = command();
        log.beginLaunch(command, restart);
        Process started = processBuilder(command).start();
        process.set(started);
        home.rememberPid(started.pid());
        URI probe = URI.create("http://127.0.0.1:" + port + "/realms/master/.well-known/openid-configuration");
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        long t0 = System.nanoTime();
        Duration allowed = startupTimeout;
        while (!answers(http, probe)) {
            Process p = process.get();
            if (p == null) {
                throw new KeycloakStartFailure("Keycloak '" + name + "' was stopped during startup", OptionalInt.empty());
            }
            if (!p.isAlive()) {
                throw new KeycloakStartFailure("Keycloak '" + name + "' exited with code " + p.exitValue()
                        + " during startup; last log lines:\n" + log.tail(), OptionalInt.of(p.exitValue()));
            }
            if (System.nanoTime() - t0 > allowed.toNanos()) {
                if (allowed == startupTimeout && log.contains(BUILD_STEP_LINE)) {
                    allowed = startupTimeout.plus(HarnessSettings.buildTimeout());
                } else {
                    throw new KeycloakStartFailure("Keycloak '" + name + "' did not answer " + probe + " within "
                            + allowed.toSeconds() + " s; last log lines:\n" + log.tail(), OptionalInt.empty());
                }
            }
            Processes.sleep(500);
        }
        // Quarkus may answer requests a moment before its "Listening on" line reaches the log
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!log.contains("Listening on: http://127.0.0.1:" + port) && System.nanoTime() < deadline) {
            Processes.sleep(100);
        }
        log.markStarted();
    }

    /**
     * {@code kc.sh start-dev} or {@code kc.sh start --optimized --http-enabled=true} on 127.0.0.1 and the ports, with
     * {@code --import-realm} when asked, the extension's debug log and the extra arguments.
     */
    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(home.kcSh().toString());
        if (production) {
            command.addAll(List.of("start", "--optimized", "--http-enabled=true"));
        } else {
            command.add("start-dev");
        }
        command.addAll(List.of("--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort));
        if (importRealms) {
            command.add("--import-realm");
        }
        command.add("--log-level=INFO,io.github.dpoprefresh:debug");
        command.addAll(extraArgs);
        return command;
    }

    private static boolean answers(HttpClient http, URI probe) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + probe, e);
        }
    }

    /** kc.sh in the home directory, output appended to the log, with a clean environment. */
    private ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder pb = Processes.logging(command, home.dir().toFile(), log.file().toFile());
        Map<String, String> env = pb.environment();
        // the server must not pick up settings of whoever runs the tests
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("JAVA_OPTS") || k.startsWith("QUARKUS_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        String javaOptsAppend = HarnessSettings.javaOptsAppend();
        if (!javaOptsAppend.isBlank()) {
            env.put("JAVA_OPTS_APPEND", javaOptsAppend);
        }
        // the rollout figures written every second, so that the tests read what they just did (default 60 s)
        env.put("KC_SPI_DPOP_REFRESH__DEFAULT__FIGURES_FLUSH_INTERVAL", String.valueOf(FIGURES_FLUSH_SECONDS));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USERNAME);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        extraEnv.forEach((k, v) -> env.merge(k, v, (ours, theirs) -> k.equals("JAVA_OPTS_APPEND") ? ours + " " + theirs : theirs));
        return pb;
    }

    /** SIGKILL to the tree, as {@code kill -9}; waits until every process is gone. */
    synchronized void kill() {
        Process p = process.getAndSet(null);
        if (p == null) {
            return;
        }
        try {
            Processes.killTree(p.toHandle(), STOP_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Keycloak '" + name + "': " + e.getMessage(), e);
        }
        log.note("harness: killed with SIGKILL");
    }

    /** SIGTERM to the tree, SIGKILL for whatever is left after a timeout. Not synchronized (see the field). */
    void stop() {
        Process p = process.getAndSet(null);
        if (p != null) {
            Processes.stopTree(p.toHandle(), STOP_TIMEOUT);
            home.forgetPid();
        }
    }

    boolean isRunning() {
        Process p = process.get();
        return p != null && p.isAlive();
    }

    void requireStarted() {
        if (port == 0) {
            throw new IllegalStateException("Keycloak configuration '" + name + "' was not started");
        }
    }

    int port() {
        requireStarted();
        return port;
    }

    int managementPort() {
        requireStarted();
        return managementPort;
    }

    /** 0 before the first start (or the fixed port). */
    int portOrZero() {
        return port;
    }

    Duration startupTime() {
        return startupTime;
    }

    /** Whether the last start had to run Keycloak's build step (augmentation), i.e. was not a warm start. */
    boolean rebuilt() {
        return builtByHarness || log.contains(BUILD_STEP_LINE);
    }
}
