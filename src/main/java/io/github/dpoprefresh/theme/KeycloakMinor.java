package io.github.dpoprefresh.theme;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code major.minor} of a Keycloak version string: {@code 26.7} for {@code 26.7.5} or {@code 26.4.7.redhat-00001}. */
final class KeycloakMinor {

    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.|$)");

    private KeycloakMinor() {
    }

    /** {@code major.minor} of {@code version}, or null when it does not start with two numbers. */
    static String of(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = MAJOR_MINOR.matcher(version.trim());
        return m.lookingAt() ? Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)) : null;
    }

    /** Whether both versions are known and of the same minor version. */
    static boolean same(String a, String b) {
        String minor = of(a);
        return minor != null && minor.equals(of(b));
    }
}
