package io.github.dpoprefresh.it.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Keycloak distribution with the extension jar in {@code providers/}, run by {@code kc.sh start-dev} on
 * free loopback ports for the admin console test.
 *
 * <p>A minimal stand-in for the shared harness ({@code io.github.dpoprefresh.it.support}) until that is on this
 * branch. It reads the locations failsafe sets ({@code keycloak.home}, {@code extension.jar}, {@code work.dir}),
 * keeps its copy of the distribution in {@code ${work.dir}/ui-console/} (so Keycloak's build step is not redone
 * when the jar did not change) and starts every time on an empty database. The log goes to
 * {@code ${work.dir}/ui-console.log}.
 */
final class ConsoleKeycloak implements AutoCloseable {

    static final String ADMIN_USERNAME = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private static final Duration STARTUP_TIMEOUT =
            Duration.ofSeconds(Long.getLong("keycloak.it.startup.timeout.seconds", 240));

    private final Path log;
    private final Process process;
    private final URI baseUri;

    private ConsoleKeycloak(Path log, Process process, URI baseUri) {
        this.log = log;
        this.process = process;
        this.baseUri = baseUri;
    }

    static ConsoleKeycloak start() {
        Path distribution = setting("keycloak.home", "target/keycloak-dist/keycloak-26.7.3");
        Path jar = setting("extension.jar", "target/keycloak-dpop-refresh.jar");
        Path workDir = setting("work.dir", "target/it");
        Path home = workDir.resolve("ui-console");
        Path log = workDir.resolve("ui-console.log");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("extension jar missing: " + jar + " (run mvn verify, not the IT alone)");
        }
        try {
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                copyTree(distribution, home);
            }
            try (Stream<Path> providers = Files.list(home.resolve("providers"))) {
                for (Path old : providers.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(old);
                }
            }
            Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            deleteTree(home.resolve("data"));

            int port = freePort();
            int managementPort = freePort();
            List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("JAVA_OPTS") || k.startsWith("QUARKUS_"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            ConsoleKeycloak server = new ConsoleKeycloak(log, pb.start(),
                    URI.create("http://127.0.0.1:" + port));
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak in " + home, e);
        }
    }

    URI baseUri() {
        return baseUri;
    }

    Path log() {
        return log;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(baseUri.resolve("/realms/master"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("Keycloak not ready after " + STARTUP_TIMEOUT + "; see " + log);
    }

    /** Stops kc.sh and the server JVM it started (SIGTERM, then SIGKILL). */
    @Override
    public void close() {
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private static Path setting(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + from + " (mvn verify unpacks it)");
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
