package io.github.dpoprefresh.binding;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * At most one log line per key (a user session) and time window, so that whoever holds a copy of a refresh token
 * cannot fill the log by presenting it again and again; the line that is written counts the ones left out.
 * Events and metrics are not throttled. Bounded: past {@code maxKeys} keys, ended windows are forgotten (and, if
 * that is not enough, all of them).
 */
public final class WarnThrottle {

    private final long windowSeconds;
    private final int maxKeys;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public WarnThrottle(long windowSeconds, int maxKeys) {
        this.windowSeconds = windowSeconds;
        this.maxKeys = maxKeys;
    }

    /** A window opened by a line written at {@code start}; {@code suppressed} lines left out since. */
    private record Window(long start, int suppressed) {
    }

    /**
     * Whether to write the line for {@code key} at {@code now} (seconds): -1 to leave it out, otherwise the number of
     * lines left out for the key since the last one written.
     */
    public int admit(String key, long now) {
        if (windows.size() >= maxKeys && !windows.containsKey(key)) {
            windows.values().removeIf(w -> now - w.start >= windowSeconds);
            if (windows.size() >= maxKeys) {
                windows.clear();
            }
        }
        int[] admitted = {-1};
        windows.compute(key, (k, window) -> {
            if (window != null && now - window.start < windowSeconds) {
                return new Window(window.start, window.suppressed + 1);
            }
            admitted[0] = window == null ? 0 : window.suppressed;
            return new Window(now, 0);
        });
        return admitted[0];
    }
}
