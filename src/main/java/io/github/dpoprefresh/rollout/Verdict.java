package io.github.dpoprefresh.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether switching a client to {@code required} would refuse anyone now, in words an operator can act on.
 *
 * @param state {@link State}
 * @param text  one sentence
 */
public record Verdict(State state, String text) {

    public enum State {
        /** no request {@code required} would refuse, over the whole longest window */
        READY,
        /** requests {@code required} would refuse, in the longest window */
        NOT_READY,
        /** none so far, but counted for less than the longest window: an app that refreshes rarely may not show yet */
        TOO_EARLY
    }

    /**
     * @param longest        the window of the realm's longest refresh-token lifetime
     * @param countingSince  when counting began for the realm, or null when nothing was written yet
     */
    public static Verdict of(Window longest, Instant countingSince, Instant now) {
        long refused = longest.wouldBeRefusedByRequired();
        long sessions = longest.sessionsWithoutProof();
        String window = span(longest.seconds());
        if (refused > 0 || sessions > 0) {
            return new Verdict(State.NOT_READY, String.format(
                    "%s%s refreshed unbound tokens without a proof in the last %s; %s required would refuse",
                    longest.sessionsExact() ? "" : "about ", plural(sessions, "session"), window,
                    plural(refused, "request")));
        }
        long counted = countingSince == null ? 0 : Math.max(0, Duration.between(countingSince, now).getSeconds());
        if (counted < longest.seconds()) {
            return new Verdict(State.TOO_EARLY, String.format(
                    "No request that required would refuse in the %s counted so far; %s are needed to see apps that"
                            + " refresh rarely", span(counted), window));
        }
        return new Verdict(State.READY, String.format("%s without a request that required would refuse: ready",
                capitalized(window)));
    }

    private static String span(long seconds) {
        long days = seconds / 86_400;
        return days >= 1 ? plural(days, "day") : plural(Math.max(0, seconds / 3_600), "hour");
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
