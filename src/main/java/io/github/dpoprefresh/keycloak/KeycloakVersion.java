package io.github.dpoprefresh.keycloak;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.dpoprefresh.binding.Settings;
import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * The Keycloak versions this jar is tested with, and the start-up check against the running one. Outside them the
 * binding cannot be guaranteed (the hooks it relies on are internal to Keycloak and change between minors), so the
 * server does not start: a jar that loads and then silently does something else is the failure this prevents.
 */
public final class KeycloakVersion {

    /** The minors CI runs the suites on (each with its oldest and newest served patch). */
    static final List<String> TESTED_MINORS = List.of("26.4", "26.5", "26.7");

    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.|$)");
    private static final Logger LOG = Logger.getLogger(KeycloakVersion.class);

    private KeycloakVersion() {
    }

    /** The running Keycloak's version, e.g. {@code 26.4.7} (a Red Hat build adds a suffix: {@code 26.4.7.redhat-00001}). */
    public static String running() {
        return Version.VERSION;
    }

    /**
     * Refuses (an {@link IllegalStateException} whose message is the operator's answer) a Keycloak outside the tested
     * minors; an untested newer one starts only with {@code allowUntested}, and then says so at WARN.
     */
    public static void requireSupported(String version, boolean allowUntested) {
        int[] minor = majorMinor(version);
        if (minor != null && TESTED_MINORS.contains(minor[0] + "." + minor[1])) {
            return;
        }
        boolean newer = minor != null && (minor[0] > 26 || minor[0] == 26 && minor[1] > 4);
        if (newer && allowUntested) {
            LOG.warnf("keycloak-dpop-refresh is not tested with Keycloak %s (tested: %s); starting anyway because "
                    + "%s=true: check its behaviour on this version yourself", version, tested(), option());
            return;
        }
        throw new IllegalStateException("keycloak-dpop-refresh does not support Keycloak " + version + " (supported: "
                + tested() + "): it cannot guarantee DPoP-bound refresh tokens there, so the server does not start. "
                + "Run a supported Keycloak, or remove keycloak-dpop-refresh.jar from providers/. "
                + (newer ? "To run this untested newer Keycloak at your own risk: " + option() + "=true"
                        : option() + "=true lets only an untested newer Keycloak start, not an older one"));
    }

    /** {@code major.minor} of a version string ({@code 26.7} for {@code 26.7.5} or {@code 26.4.7.redhat-00001}), or null. */
    public static String minor(String version) {
        int[] minor = majorMinor(version);
        return minor == null ? null : minor[0] + "." + minor[1];
    }

    /** Whether the running Keycloak is {@code major.minor} or later. */
    static boolean runningAtLeast(int major, int minor) {
        int[] running = majorMinor(running());
        return running != null && (running[0] > major || running[0] == major && running[1] >= minor);
    }

    private static int[] majorMinor(String version) {
        Matcher m = MAJOR_MINOR.matcher(version == null ? "" : version.trim());
        return m.lookingAt() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    static String option() {
        return Settings.option(Settings.ALLOW_UNTESTED_KEYCLOAK);
    }

    private static String tested() {
        return String.join(".x, ", TESTED_MINORS.subList(0, TESTED_MINORS.size() - 1)) + ".x and "
                + TESTED_MINORS.get(TESTED_MINORS.size() - 1) + ".x";
    }
}
