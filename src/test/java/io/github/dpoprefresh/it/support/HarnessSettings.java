package io.github.dpoprefresh.it.support;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The system properties the harness reads, in one place. failsafe sets the locations (see the pom); run from an IDE
 * without them, the defaults under {@code target/} of the working directory are used.
 */
final class HarnessSettings {

    /** The Keycloak version the pom's {@code keycloak.version} defaults to: the one an IDE run without properties uses. */
    static final String DEFAULT_VERSION = "26.7.5";

    private HarnessSettings() {
    }

    /** {@code keycloak.dist.dir}: where the distributions are unpacked, each as {@code keycloak-<version>/}. */
    static Path distributions() {
        return path("keycloak.dist.dir", "target/keycloak-dist");
    }

    /** {@code keycloak.home}: the distribution the servers run, by default {@code keycloak.version}'s. */
    static Path keycloakHome() {
        return path("keycloak.home", distributions().resolve("keycloak-"
                + System.getProperty("keycloak.version", DEFAULT_VERSION)).toString());
    }

    static Path extensionJar() {
        return path("extension.jar", "target/keycloak-dpop-refresh.jar");
    }

    static Path realmImportDir() {
        return path("realm.import.dir", "realm-export");
    }

    /** {@code work.dir}: the configurations' directories and logs. */
    static Path workDir() {
        return path("work.dir", "target/it");
    }

    /** {@code keycloak.it.fresh=true}: new copies of the distribution instead of the ones kept from earlier runs. */
    static boolean fresh() {
        return Boolean.getBoolean("keycloak.it.fresh");
    }

    /** How long a server may take to answer ({@code keycloak.it.startup.timeout.seconds}, 240). */
    static Duration startupTimeout() {
        return Duration.ofSeconds(Long.getLong("keycloak.it.startup.timeout.seconds", 240));
    }

    /**
     * Extra time when Keycloak runs its build step first ({@code keycloak.it.build.timeout.seconds}, 300): that step
     * alone took from 30 s on an idle machine to 140 s on an overloaded one.
     */
    static Duration buildTimeout() {
        return Duration.ofSeconds(Long.getLong("keycloak.it.build.timeout.seconds", 300));
    }

    /**
     * JVM options appended to Keycloak's own ({@code keycloak.it.java.opts.append}). By default the JIT stops at C1: on
     * two cores that makes both the build step and the start roughly a third faster, and a test server needs no peak
     * throughput.
     */
    static String javaOptsAppend() {
        return System.getProperty("keycloak.it.java.opts.append", "-XX:TieredStopAtLevel=1");
    }

    /** {@code keycloak.it.parallel} (true): asking for one of the two DPoP servers starts the other alongside. */
    static boolean parallel() {
        return Boolean.parseBoolean(System.getProperty("keycloak.it.parallel", "true"));
    }

    private static Path path(String property, String fallback) {
        return Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }
}
