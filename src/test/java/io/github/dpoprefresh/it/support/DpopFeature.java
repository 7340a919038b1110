package io.github.dpoprefresh.it.support;

/**
 * Keycloak's {@code dpop} feature, on (Keycloak's default) or off: every suite is a parameterized class that runs in
 * both, each mode against its own shared server.
 */
public enum DpopFeature {
    ON, OFF;

    /** The shared server of this mode, started on first use. */
    public KeycloakServer server() {
        return this == ON ? KeycloakServers.dpopFeatureOn() : KeycloakServers.dpopFeatureOff();
    }

    public boolean on() {
        return this == ON;
    }

    @Override
    public String toString() {
        return this == ON ? "Keycloak's dpop feature on" : "Keycloak's dpop feature off";
    }
}
