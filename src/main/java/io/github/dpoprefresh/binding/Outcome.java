package io.github.dpoprefresh.binding;

import java.util.Locale;

/** What a successful grant did to the refresh token it issued (event detail {@code dpop_bound}, metric label). */
public enum Outcome {
    /** first binding: a code, password or device grant with a proof */
    NEW,
    /** a bound refresh token was rotated, still bound to the same key */
    KEPT,
    /** an unbound refresh token was refreshed with a proof, and the new one is bound */
    UPGRADED;

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
