package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Keycloak's internal APIs are used in one package only: this one, the adapter. */
class AdapterBoundaryTest {

    private static final List<String> INTERNAL = List.of("org.keycloak.services", "org.keycloak.protocol",
            "org.keycloak.http", "org.keycloak.utils");

    @Test
    void noClassOutsideTheAdapterImportsKeycloaksInternals() throws IOException {
        Path main = Path.of("src/main/java");
        Path adapter = main.resolve("io/github/dpoprefresh/keycloak");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(adapter))
                    .flatMap(f -> lines(f).stream().filter(l -> INTERNAL.stream()
                            .anyMatch(p -> l.startsWith("import " + p + ".") || l.startsWith("import static " + p + ".")))
                            .map(l -> main.relativize(f) + ": " + l))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    /** The decisions, the proof check and the figures are plain Java: no Keycloak class at all. */
    @Test
    void thePurePackagesImportNothingOfKeycloak() throws IOException {
        Path main = Path.of("src/main/java/io/github/dpoprefresh");
        List<String> offenders;
        try (Stream<Path> files = Stream.of("binding", "proof", "rollout", "metrics").map(main::resolve)
                .flatMap(AdapterBoundaryTest::javaFiles)) {
            offenders = files.flatMap(f -> lines(f).stream()
                            .filter(l -> l.startsWith("import org.keycloak.") || l.startsWith("import static org.keycloak."))
                            .map(l -> main.relativize(f) + ": " + l))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static Stream<Path> javaFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
