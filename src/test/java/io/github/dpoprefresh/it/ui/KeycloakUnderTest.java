package io.github.dpoprefresh.it.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Keycloak version the harness runs, and whether the admin theme is offered there: the one place of the browser
 * test's version logic. The version is the system property {@code keycloak.version} (the build's choice of
 * distribution), else the folder name of {@code keycloak.home} ({@code keycloak-<version>}, as the distribution
 * unpacks).
 */
final class KeycloakUnderTest {

    private static final String THEME_PROPERTIES = "theme/dpop-admin/admin/theme.properties";

    private KeycloakUnderTest() {
    }

    static String version() {
        String version = System.getProperty("keycloak.version");
        if (version != null && !version.isBlank()) {
            return version.trim();
        }
        String home = System.getProperty("keycloak.home", "target/keycloak-dist/keycloak-26.7.3");
        String folder = Path.of(home).normalize().getFileName().toString();
        if (!folder.startsWith("keycloak-")) {
            throw new IllegalStateException("Cannot tell the Keycloak version from keycloak.home " + home
                    + ": set -Dkeycloak.version");
        }
        return folder.substring("keycloak-".length());
    }

    /** The admin console version the built theme comes from (the build writes it into its theme.properties). */
    static String consoleVersion() {
        try (InputStream in = KeycloakUnderTest.class.getClassLoader().getResourceAsStream(THEME_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(THEME_PROPERTIES + " is not in target/classes: build the theme "
                        + "(no -Dskip.theme=true after a clean)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("dpopAdminUiVersion");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server offers the dpop-admin theme: its console is of the server's minor version. */
    static boolean offersDpopAdmin() {
        return minor(version()).equals(minor(consoleVersion()));
    }

    static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }
}
