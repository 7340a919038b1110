package io.github.dpoprefresh.it.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory one Keycloak configuration runs in ({@code ${work.dir}/<name>}): a copy of a distribution (or of another
 * configuration's directory) with exactly the extension jar in {@code providers/}, a {@code data/} that is wiped before
 * each start, and the harness' markers: where the copy came from, the pid of the running {@code kc.sh}, and what the
 * last {@code kc.sh build} was run with.
 *
 * <p>The copy is kept between test runs because Keycloak's build step (Quarkus augmentation, ~40 s) is stored in it.
 */
final class KeycloakHome {

    private static final String MARKER_FILE = ".harness-source";
    private static final String PID_FILE = ".harness-pid";
    /** In production mode: what the last {@code kc.sh build} was run with (options, jar digest, version). */
    private static final String BUILD_STAMP_FILE = ".harness-build";
    private static final Pattern VERSION = Pattern.compile("Version\\s+(\\S+)");

    private final Path source;
    private final Path extensionJar;
    private final Path realmImportDir;
    private final Path dir;

    KeycloakHome(Path source, Path extensionJar, Path realmImportDir, Path dir) {
        this.source = source;
        this.extensionJar = extensionJar;
        this.realmImportDir = realmImportDir;
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path kcSh() {
        return dir.resolve("bin/kc.sh");
    }

    /** The Keycloak version of a distribution or configuration directory, from its {@code version.txt}. */
    static String versionOf(Path distribution) {
        try {
            String text = Files.readString(distribution.resolve("version.txt")).trim();
            Matcher m = VERSION.matcher(text);
            return m.find() ? m.group(1) : text;
        } catch (IOException e) {
            throw new IllegalStateException("no Keycloak distribution at " + distribution + " (no readable version.txt)", e);
        }
    }

    /** The version of the distribution this directory is (or will be) a copy of. */
    String version() {
        return versionOf(source);
    }

    /**
     * A copy of the source when there is none or it is outdated (or {@code fresh}), then exactly the extension jar in
     * {@code providers/}.
     */
    void prepare(boolean fresh) throws IOException {
        if (!Files.isRegularFile(source.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + source
                    + " (run through 'mvn verify', which unpacks it in pre-integration-test)");
        }
        if (!Files.isRegularFile(extensionJar)) {
            throw new IllegalStateException("extension jar missing: " + extensionJar + " (run 'mvn package' first)");
        }
        Files.createDirectories(dir.getParent());
        // the source's own build stamp is part of the marker: a copy of a configuration that was rebuilt is renewed
        Path sourceStamp = source.resolve(BUILD_STAMP_FILE);
        String origin = source + "\n" + Files.readString(source.resolve("version.txt")).trim()
                + (Files.isRegularFile(sourceStamp) ? "\n" + Files.readString(sourceStamp) : "");
        Path marker = dir.resolve(MARKER_FILE);
        if (fresh || !Files.isRegularFile(marker) || !Files.readString(marker).equals(origin)) {
            FileTrees.delete(dir);
            // another configuration's directory: without its data/ and markers
            boolean configuration = Files.isRegularFile(source.resolve(MARKER_FILE));
            FileTrees.copy(source, dir, p -> (configuration && p.equals(source.resolve("data")))
                    || p.equals(source.resolve(PID_FILE)) || p.equals(source.resolve(MARKER_FILE)));
            kcSh().toFile().setExecutable(true);
            Files.writeString(marker, origin);
        }
        deployJar();
    }

    /**
     * providers/: exactly the extension jar. Keycloak rebuilds when a provider's timestamp changes, and Maven rewrites
     * the jar on every build: so an unchanged jar (same bytes) is left as it is.
     */
    private void deployJar() throws IOException {
        Path providers = dir.resolve("providers");
        Files.createDirectories(providers);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(providers, "*.jar")) {
            for (Path jar : old) {
                if (!jar.getFileName().equals(extensionJar.getFileName())) {
                    Files.delete(jar);
                }
            }
        }
        Path deployed = deployedJar();
        if (!Files.isRegularFile(deployed) || Files.mismatch(extensionJar, deployed) != -1) {
            Files.copy(extensionJar, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    Path deployedJar() {
        return dir.resolve("providers").resolve(extensionJar.getFileName());
    }

    /** A fresh {@code data/} (the H2 database of development mode), with the realms to import when asked. */
    void wipeData(boolean importRealms) throws IOException {
        Path data = dir.resolve("data");
        FileTrees.delete(data);
        Files.createDirectories(data);
        if (!importRealms || !Files.isDirectory(realmImportDir)) {
            return;
        }
        Path importDir = Files.createDirectories(data.resolve("import"));
        try (DirectoryStream<Path> realms = Files.newDirectoryStream(realmImportDir, "*.json")) {
            for (Path realm : realms) {
                Files.copy(realm, importDir.resolve(realm.getFileName()));
            }
        }
    }

    // ------------------------------------------------------------------ build stamp

    /** Whether the last {@code kc.sh build} here ran with these options, this jar and this version. */
    boolean isBuiltWith(List<String> buildOptions) throws IOException {
        Path stamp = dir.resolve(BUILD_STAMP_FILE);
        return Files.isRegularFile(stamp) && Files.readString(stamp).equals(buildStamp(buildOptions));
    }

    /** Before a build: a build that fails leaves no stamp behind. */
    void forgetBuild() throws IOException {
        Files.deleteIfExists(dir.resolve(BUILD_STAMP_FILE));
    }

    void recordBuild(List<String> buildOptions) throws IOException {
        Files.writeString(dir.resolve(BUILD_STAMP_FILE), buildStamp(buildOptions));
    }

    private String buildStamp(List<String> buildOptions) throws IOException {
        return String.join(" ", buildOptions) + "\n" + FileTrees.sha256(deployedJar())
                + "\n" + Files.readString(dir.resolve("version.txt")).trim();
    }

    // ------------------------------------------------------------------ pid of the running kc.sh

    void rememberPid(long pid) throws IOException {
        Files.writeString(dir.resolve(PID_FILE), Long.toString(pid));
    }

    void forgetPid() {
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException ignored) {
            // only a hint for the next run
        }
    }

    /** A server of this directory left running by a test JVM that was killed: end it (only our own pid). */
    void stopLeftover(Duration timeout) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            Processes.stopLeftover(Long.parseLong(Files.readString(pidFile).trim()), dir.toString(), timeout);
        } catch (NumberFormatException ignored) {
            // not ours
        }
        forgetPid();
    }
}
