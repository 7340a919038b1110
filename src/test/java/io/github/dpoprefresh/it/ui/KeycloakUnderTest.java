package io.github.dpoprefresh.it.ui;

import java.nio.file.Path;

/**
 * The Keycloak version the harness runs: the system property {@code keycloak.version} (the build's choice of
 * distribution), else the folder name of {@code keycloak.home} ({@code keycloak-<version>}, as the distribution
 * unpacks).
 */
final class KeycloakUnderTest {

    private KeycloakUnderTest() {
    }

    static String version() {
        String version = System.getProperty("keycloak.version");
        if (version != null && !version.isBlank()) {
            return version.trim();
        }
        String home = System.getProperty("keycloak.home", "target/keycloak-dist/keycloak-26.7.5");
        String folder = Path.of(home).normalize().getFileName().toString();
        if (!folder.startsWith("keycloak-")) {
            throw new IllegalStateException("Cannot tell the Keycloak version from keycloak.home " + home
                    + ": set -Dkeycloak.version");
        }
        return folder.substring("keycloak-".length());
    }
}
