package io.github.dpoprefresh.binding;

import java.util.Locale;

/** The per-client setting {@value ClientSettings#BINDING}. */
public enum BindingMode {

    /** The extension does nothing for the client's new tokens (also when the attribute is absent). */
    OFF,
    /** A token request with a valid proof gets a refresh token bound to the proof key; one without works as before. */
    OPTIONAL,
    /** As {@link #OPTIONAL}, but a token request without a valid proof is refused. */
    REQUIRED;

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
