package io.github.dpoprefresh.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FiguresReportTest {

    static final long HOUR = Bucket.HOUR_MILLIS;
    static final long NOW = 500_000 * HOUR + 60_000;
    static final long THIRTY_DAYS = 30 * FiguresReport.DAY_SECONDS;

    static Bucket bucket(long hoursAgo, Map<String, Long> counts, String... sessions) {
        SessionSketch sketch = SessionSketch.empty();
        for (String session : sessions) {
            sketch.add(session);
        }
        return new Bucket("realm", "client", NOW / HOUR - hoursAgo, counts, sketch);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> window(Map<String, Object> report, int index) {
        return ((List<Map<String, Object>>) report.get("windows")).get(index);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> grant(Map<String, Object> window, String grant) {
        return (Map<String, Object>) ((Map<String, Object>) window.get("grants")).get(grant);
    }

    @Test
    void everyNodesBucketsAddUpPerWindowAndTheVerdictCountsTheLongest() {
        List<Bucket> buckets = List.of(
                bucket(0, Map.of("refresh_token.with_proof", 5L, "refresh_token.without_proof", 2L,
                        "refresh_token.unbound", 3L, "authorization_code.refused.missing", 1L), "s1", "s2"),
                bucket(0, Map.of("refresh_token.with_proof", 1L), "s2"),
                bucket(30, Map.of("password.without_proof", 4L), "s3"),
                bucket(24 * 20, Map.of("device_code.with_proof", 7L)),
                bucket(24 * 40, Map.of("device_code.without_proof", 100L)));
        Map<String, Object> report = FiguresReport.of("app", "optional", THIRTY_DAYS,
                Instant.ofEpochMilli(NOW - 40L * 24 * HOUR), 60, buckets, NOW);

        assertThat(report).containsEntry("clientId", "app").containsEntry("mode", "optional")
                .containsEntry("flushIntervalSeconds", 60);
        Map<String, Object> day = window(report, 0);
        assertThat(day).containsEntry("name", "24h").containsEntry("seconds", 86_400L)
                .containsEntry("unboundRefreshes", 3L).containsEntry("sessionsRefreshingUnboundWithoutProof", 2L)
                .containsEntry("sessionsExact", true).containsEntry("wouldBeRefusedByRequired", 2L);
        assertThat(grant(day, "refresh_token")).containsEntry("withProof", 6L).containsEntry("withoutProof", 2L);
        assertThat(grant(day, "authorization_code")).containsEntry("refused", Map.of("missing", 1L));
        assertThat(grant(day, "password")).containsEntry("withoutProof", 0L).containsEntry("refused", Map.of());
        assertThat(window(report, 1)).containsEntry("name", "7d").containsEntry("wouldBeRefusedByRequired", 6L)
                .containsEntry("sessionsRefreshingUnboundWithoutProof", 3L);
        Map<String, Object> longest = window(report, 2);
        assertThat(longest).containsEntry("name", "longest").containsEntry("seconds", THIRTY_DAYS);
        assertThat(grant(longest, "device_code")).containsEntry("withProof", 7L).containsEntry("withoutProof", 0L);
        assertThat(report.get("verdict")).isEqualTo(Map.of("state", "NOT_READY", "text",
                "3 sessions refreshed unbound tokens without a proof in the last 30 days; 6 requests required would refuse"));
    }

    @Test
    void aClientThatIsNotCountedHasZeroFiguresAndNoCountingStart() {
        Map<String, Object> report = FiguresReport.of("backend", "off", THIRTY_DAYS, Instant.ofEpochMilli(0), 60,
                List.of(bucket(0, Map.of("password.without_proof", 4L))), NOW);
        assertThat(report).containsEntry("mode", "off").containsEntry("countingSince", null);
        assertThat(window(report, 2)).containsEntry("wouldBeRefusedByRequired", 0L);
        assertThat(((Map<?, ?>) report.get("verdict")).get("state")).isEqualTo("TOO_EARLY");
    }

    @Test
    void noRefusalOverTheWholeLongestWindowIsReady() {
        Map<String, Object> report = FiguresReport.of("app", "optional", THIRTY_DAYS,
                Instant.ofEpochMilli(NOW - 31L * 24 * HOUR), 60, List.of(bucket(1, Map.of("refresh_token.with_proof", 9L))), NOW);
        assertThat(report.get("countingSince")).isEqualTo(Instant.ofEpochMilli(NOW - 31L * 24 * HOUR).toString());
        assertThat(((Map<?, ?>) report.get("verdict")).get("state")).isEqualTo("READY");
    }

    @Test
    void theLongestWindowIsWholeHoursAndTheBucketsKeptCoverSevenDaysAtLeast() {
        assertThat(FiguresReport.windows(36_000 + 1)).containsEntry("longest", 11 * 3600L);
        assertThat(FiguresReport.windows(0)).containsEntry("longest", 3600L);
        assertThat(FiguresReport.hoursKept(36_000)).isEqualTo(168);
        assertThat(FiguresReport.hoursKept(THIRTY_DAYS)).isEqualTo(720);
    }
}
