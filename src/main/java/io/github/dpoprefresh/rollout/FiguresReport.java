package io.github.dpoprefresh.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's figures as the admin endpoint answers them (the JSON of {@code docs/operations.md}): the windows
 * {@code 24h}, {@code 7d} and {@code longest} (the realm's longest refresh-token lifetime, in whole hours) over the
 * stored buckets of every node, and the verdict over the longest.
 */
public final class FiguresReport {

    public static final long DAY_SECONDS = 86_400;

    private FiguresReport() {
    }

    /**
     * @param clientId        the client's {@code client_id}
     * @param mode            its effective setting; {@code off}: no figures (none are counted)
     * @param longestSeconds  the realm's longest refresh-token lifetime
     * @param countingSince   since when the realm is counted, or null (then Keycloak's JSON leaves it out)
     * @param buckets         the client's stored buckets, of every node
     */
    public static Map<String, Object> of(String clientId, String mode, long longestSeconds, Instant countingSince,
            int flushIntervalSeconds, Collection<Bucket> buckets, long nowMillis) {
        boolean counted = !"off".equals(mode);
        Collection<Bucket> figures = counted ? buckets : List.of();
        Instant since = counted ? countingSince : null;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("clientId", clientId);
        report.put("mode", mode);
        report.put("countingSince", since == null ? null : since.toString());
        report.put("flushIntervalSeconds", flushIntervalSeconds);
        List<Map<String, Object>> windows = new ArrayList<>();
        Window longest = null;
        for (Map.Entry<String, Long> window : windows(longestSeconds).entrySet()) {
            Window w = Window.of(window.getKey(), window.getValue(), figures, nowMillis);
            windows.add(json(w));
            longest = w;
        }
        report.put("windows", windows);
        Verdict verdict = Verdict.of(longest, since, Instant.ofEpochMilli(nowMillis));
        Map<String, Object> said = new LinkedHashMap<>();
        said.put("state", verdict.state().name());
        said.put("text", verdict.text());
        report.put("verdict", said);
        return report;
    }

    /** The windows by name and length in seconds, the longest last: whole hours, at least one. */
    public static Map<String, Long> windows(long longestSeconds) {
        Map<String, Long> windows = new LinkedHashMap<>();
        windows.put("24h", DAY_SECONDS);
        windows.put("7d", 7 * DAY_SECONDS);
        windows.put("longest", hours(longestSeconds) * 3600);
        return windows;
    }

    /** How many hours of buckets the figures need: the longer of 7 days and the longest window. */
    public static long hoursKept(long longestSeconds) {
        return Math.max(7 * 24, hours(longestSeconds));
    }

    private static long hours(long seconds) {
        return Math.max(1, (seconds + 3599) / 3600);
    }

    private static Map<String, Object> json(Window window) {
        Map<String, Object> grants = new LinkedHashMap<>();
        for (Grant grant : Grant.values()) {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("withProof", window.withProof(grant));
            counts.put("withoutProof", window.withoutProof(grant));
            counts.put("refused", window.refused(grant));
            grants.put(grant.code(), counts);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", window.name());
        json.put("seconds", window.seconds());
        json.put("grants", grants);
        json.put("unboundRefreshes", window.unboundRefreshes());
        json.put("sessionsRefreshingUnboundWithoutProof", window.sessionsWithoutProof());
        json.put("sessionsExact", window.sessionsExact());
        json.put("wouldBeRefusedByRequired", window.wouldBeRefusedByRequired());
        return json;
    }
}
