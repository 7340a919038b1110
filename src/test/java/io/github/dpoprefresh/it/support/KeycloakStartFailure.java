package io.github.dpoprefresh.it.support;

import java.util.OptionalInt;

/**
 * A Keycloak configuration that did not come up: its {@code kc.sh} exited during startup (with {@link #exitCode()}), or
 * did not answer in time (no exit code; it was stopped). The message ends with the last lines of its log.
 */
public final class KeycloakStartFailure extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient OptionalInt exitCode;

    KeycloakStartFailure(String message, OptionalInt exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code of {@code kc.sh} when it exited by itself during startup; empty when it timed out or was stopped. */
    public OptionalInt exitCode() {
        return exitCode;
    }
}
