package io.github.dpoprefresh.binding;

import java.util.Locale;
import java.util.Optional;

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

    /** The mode a stored value names (case and surrounding blanks ignored), or empty for an unknown value. */
    static Optional<BindingMode> parse(String value) {
        for (BindingMode mode : values()) {
            if (mode.option().equalsIgnoreCase(value.trim())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
