package io.github.dpoprefresh.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for the tests, run from the PostgreSQL binaries installed on the machine (Debian's
 * {@code postgresql} package: {@code /usr/lib/postgresql/<version>/bin}; or a directory with {@code initdb} and
 * {@code postgres} on the {@code PATH}; or the system property {@code postgres.bin.dir}).
 *
 * <p>{@link #start()} makes a new database cluster ({@code initdb}, user {@value #USER} with password
 * {@value #PASSWORD}, SCRAM authentication), starts {@code postgres} on {@code 127.0.0.1} and a port chosen when
 * this object is made, so that {@link #jdbcUrl()} is known before the start (no Unix
 * socket, no fsync: test data only) and creates the database {@value #DATABASE}. PostgreSQL refuses to run as root:
 * when the tests run as root, the data directory is made under {@code java.io.tmpdir}, owned by the OS user
 * {@code postgres} (system property {@code postgres.os.user}), and every PostgreSQL program runs as that user through
 * {@code setpriv}. Otherwise it runs as the current user in {@code ${work.dir}/<name>-data}. The server's output goes to
 * {@code ${work.dir}/<name>.log}. {@link #stop()} ends it (fast shutdown) and deletes the data directory.
 */
public final class PostgresServer {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";
    public static final String PASSWORD = "keycloak";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Path logFile;
    private final Path root;
    private final Path dataDir;
    private final boolean asRoot;
    private final String osUser;

    private final int port;

    private volatile Process process;
    private volatile Path binDir;

    public PostgresServer(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must be a plain file name: " + name);
        }
        this.name = name;
        Path workDir = HarnessSettings.workDir();
        this.logFile = workDir.resolve(name + ".log");
        this.asRoot = "root".equals(System.getProperty("user.name"));
        this.osUser = System.getProperty("postgres.os.user", "postgres");
        // as root: a directory the postgres user can reach (the work tree may sit below a 0700 home directory);
        // its name depends on the work directory, so a later run finds and cleans what a killed run left
        this.root = asRoot
                ? Paths.get(System.getProperty("java.io.tmpdir"), "dpop-refresh-it-" + name + "-"
                        + Integer.toHexString(workDir.toString().hashCode()))
                : workDir.resolve(name + "-data");
        this.dataDir = root.resolve("pgdata");
        this.port = Ports.freeLoopbackPort(20000, 30000);
    }

    // ------------------------------------------------------------------ lifecycle

    /** initdb, start, create the database; waits until it accepts connections. Does nothing when running. */
    public synchronized PostgresServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            binDir = findBinaries();
            killLeftover();
            FileTrees.delete(root);
            Files.createDirectories(root);
            Files.createDirectories(logFile.getParent());
            Path passwordFile = root.resolve("pwfile");
            Files.writeString(passwordFile, PASSWORD + "\n");
            if (asRoot) {
                UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
                Files.setOwner(root, owner);
                Files.setOwner(passwordFile, owner);
            }
            Files.writeString(logFile, "");
            run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
                    "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
            List<String> command = new ArrayList<>(List.of(binDir.resolve("postgres").toString(),
                    "-D", dataDir.toString(),
                    "-h", "127.0.0.1",
                    "-p", Integer.toString(port),
                    "-c", "unix_socket_directories=",
                    "-c", "max_connections=300",
                    "-c", "fsync=off",
                    "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off"));
            Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.APPEND);
            process = processBuilder(command).start();
            awaitReady();
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start PostgreSQL '" + name + "'", e);
        } catch (SQLException e) {
            stop();
            throw new IllegalStateException("cannot create the database of PostgreSQL '" + name + "'", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        System.out.printf("[harness] PostgreSQL '%s' (%s) started in %d ms on 127.0.0.1:%d%s (log: %s)%n", name, binDir,
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), port, asRoot ? " as OS user " + osUser : "", logFile);
        return this;
    }

    /** Fast shutdown (open sessions are ended), then the data directory is deleted. */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p != null && p.isAlive()) {
            try {
                // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client to disconnect)
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
                if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            FileTrees.delete(root);
        } catch (IOException ignored) {
            // a later start cleans it
        }
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    // ------------------------------------------------------------------ access

    public int port() {
        return port;
    }

    /** JDBC URL of database {@value #DATABASE}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Path logFile() {
        return logFile;
    }

    /** Runs a query on database {@value #DATABASE}; each row as column label (lower case) to value. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connect(DATABASE); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on PostgreSQL '" + name + "': " + sql, e);
        }
    }

    // ------------------------------------------------------------------ internals

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
                + "?connectTimeout=5&socketTimeout=30", USER, PASSWORD);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("PostgreSQL '" + name + "' exited during startup; see " + logFile);
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException notYet) {
                last = notYet;
            }
            Processes.sleep(200);
        }
        throw new IllegalStateException("PostgreSQL '" + name + "' did not accept connections within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + logFile, last);
    }

    /** Runs a PostgreSQL program to its end (output to the log); fails on a non-zero exit. */
    private void run(List<String> command) throws IOException {
        int code = Processes.awaitExit(processBuilder(command).start(), STARTUP_TIMEOUT, command.get(0) + " (see " + logFile + ")");
        if (code != 0) {
            throw new IllegalStateException(command.get(0) + " failed with code " + code + "; see " + logFile);
        }
    }

    /** As the current user, or as {@code postgres} through {@code setpriv} when we are root (it execs: same pid). */
    private ProcessBuilder processBuilder(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("setpriv", "--reuid=" + id("-u"), "--regid=" + id("-g"), "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = Processes.logging(full, root.toFile(), logFile.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("LC_ALL", "C");
        return pb;
    }

    /** {@code id -u postgres} / {@code id -g postgres}. */
    private String id(String option) throws IOException {
        Process p = new ProcessBuilder("id", option, osUser).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p.exitValue() != 0 || !out.matches("\\d+")) {
            throw new IllegalStateException("the tests run as root and PostgreSQL refuses to: they run it as OS user '"
                    + osUser + "', which does not exist here (" + out + "). Install Debian's postgresql package, which"
                    + " creates it, or set -Dpostgres.os.user");
        }
        return out;
    }

    /** postgres and initdb: -Dpostgres.bin.dir, Debian's newest /usr/lib/postgresql/N/bin, or the PATH. */
    private static Path findBinaries() {
        String configured = System.getProperty("postgres.bin.dir");
        if (configured != null && !configured.isBlank()) {
            Path dir = Paths.get(configured);
            if (!hasServer(dir)) {
                throw new IllegalStateException("-Dpostgres.bin.dir=" + configured + " has no initdb and postgres");
            }
            return dir;
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(PostgresServer::hasServer)
                        .max(Comparator.comparingInt(PostgresServer::majorVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(Paths::get)
                .filter(PostgresServer::hasServer)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server found (initdb and postgres): install"
                        + " Debian's postgresql package (apt-get install postgresql; .ci/run does) or set"
                        + " -Dpostgres.bin.dir"));
    }

    private static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A postgres left running by a test JVM that was killed: its pid is the first line of postmaster.pid. */
    private void killLeftover() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            Processes.stopLeftover(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()), dataDir.toString(), STOP_TIMEOUT);
        } catch (NumberFormatException | IndexOutOfBoundsException ignored) {
            // not a pid file we understand: the directory is wiped anyway
        }
    }
}
