package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keycloak's internal APIs are used in one package only: this one, the adapter; the plain packages ({@code binding/},
 * {@code proof/}, {@code metrics/}) use none of Keycloak at all.
 */
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

    @Test
    void thePlainPackagesImportNothingOfKeycloak() throws IOException {
        Path main = Path.of("src/main/java/io/github/dpoprefresh");
        List<String> offenders;
        try (Stream<Path> files = Stream.of("binding", "proof", "metrics").flatMap(p -> walk(main.resolve(p)))) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> l.startsWith("import org.keycloak.")
                            || l.startsWith("import static org.keycloak.")).map(l -> main.relativize(f) + ": " + l))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static Stream<Path> walk(Path directory) {
        try {
            return Files.walk(directory);
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
