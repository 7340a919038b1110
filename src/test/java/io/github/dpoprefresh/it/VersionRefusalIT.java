package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import io.github.dpoprefresh.it.support.KeycloakStartFailure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail closed: on a Keycloak below the supported range, a server with the jar in {@code providers/} does not start. Its
 * {@code kc.sh} exits by itself with a non-zero code and the log names the running version and the option that lets an
 * operator run an untested newer version. Runs once in the version matrix ({@code -Pversions}, tag
 * {@code version-refusal}), on the distributions the pom unpacks for it ({@code keycloak.refused.versions}).
 */
@Tag("version-refusal")
@DisplayName("Keycloak versions outside the supported range refuse to start")
class VersionRefusalIT {

    /** How long a refused start may take: Keycloak's build step for the new jar (up to ~140 s under load), then the start. */
    private static final Duration BOUND = Duration.ofSeconds(Long.getLong("keycloak.it.refusal.timeout.seconds", 300));

    static Stream<String> refusedVersions() {
        return Arrays.stream(System.getProperty("keycloak.refused.versions", "26.3.5,26.2.5").split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    @ParameterizedTest(name = "Keycloak {0}")
    @MethodSource("refusedVersions")
    void serverWithTheJarDoesNotStart(String version) {
        KeycloakServer server = KeycloakServer.builder("refused-" + version)
                .distribution(KeycloakServers.distribution(version))
                .importRealms(false)
                .startupTimeout(BOUND)
                .build();
        assertThat(server.version()).isEqualTo(version);
        long t0 = System.nanoTime();
        try {
            Throwable thrown = catchThrowable(server::start);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("[refusal] Keycloak %s: %s after %d s%n", version,
                    thrown == null ? "started" : "did not start", took.toSeconds());

            assertThat(thrown).as("Keycloak %s with the jar must not start (log: %s)", version, server.logFile())
                    .isInstanceOf(KeycloakStartFailure.class);
            KeycloakStartFailure failure = (KeycloakStartFailure) thrown;
            assertThat(failure.exitCode()).as("kc.sh must exit by itself, not time out: %s", failure.getMessage()).isPresent();
            assertThat(failure.exitCode().getAsInt()).as("exit code of kc.sh").isNotZero();
            assertThat(took).as("time to the refusal").isLessThan(BOUND);
            assertThat(server.log()).as("log of Keycloak %s (%s)", version, server.logFile())
                    .contains("does not support Keycloak " + version)
                    .contains("allow-untested-keycloak");
        } finally {
            server.stop();
        }
    }
}
