package io.github.dpoprefresh.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RolloutCounterTest {

    private static final long HOUR = Bucket.HOUR_MILLIS;
    private static final long T0 = 20_000 * HOUR + 5 * 60_000;

    @Test
    void countsPerClientAndHourAndForgetsWhatItDrained() {
        RolloutCounter counter = new RolloutCounter();
        counter.granted("r", "app", Grant.CODE, true, T0);
        counter.granted("r", "app", Grant.REFRESH, false, T0);
        counter.unboundRefresh("r", "app", "session-1", T0);
        counter.unboundRefresh("r", "app", "session-1", T0 + 1);
        counter.refused("r", "app", Grant.REFRESH, "missing", T0);
        counter.granted("r", "other", Grant.PASSWORD, false, T0 + HOUR);

        List<Bucket> buckets = counter.drain(T0 + HOUR);
        assertThat(buckets).hasSize(2);
        Bucket app = buckets.stream().filter(b -> b.clientId().equals("app")).findFirst().orElseThrow();
        assertThat(app.hour()).isEqualTo(20_000);
        assertThat(app.counts()).isEqualTo(Map.of("authorization_code.with_proof", 1L,
                "refresh_token.without_proof", 1L, "refresh_token.unbound", 2L, "refresh_token.refused.missing", 1L));
        assertThat(app.sessions().estimate()).isEqualTo(1);
        assertThat(counter.drain(T0 + HOUR)).isEmpty();
    }

    @Test
    void losesNoCountToConcurrentRequests() throws InterruptedException {
        RolloutCounter counter = new RolloutCounter();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Bucket> drained = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                for (int i = 0; i < 50_000; i++) {
                    counter.granted("r", "app", Grant.REFRESH, true, T0);
                }
            });
        }
        for (int i = 0; i < 20; i++) {
            drained.addAll(counter.drain(T0));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        drained.addAll(counter.drain(T0));
        long total = drained.stream().mapToLong(b -> b.counts().getOrDefault("refresh_token.with_proof", 0L)).sum();
        assertThat(total).isEqualTo(200_000);
    }

    @Test
    void windowsAddUpTheirHoursAndTheVerdictSaysWhatRequiredWouldDo() {
        RolloutCounter counter = new RolloutCounter();
        long now = T0 + 10 * 24 * HOUR;
        counter.granted("r", "app", Grant.REFRESH, false, T0);
        counter.unboundRefresh("r", "app", "old-install", T0);
        counter.granted("r", "app", Grant.CODE, true, now);
        List<Bucket> buckets = counter.drain(now);

        Window day = Window.of("24h", 86_400, buckets, now);
        Window month = Window.of("longest", 30 * 86_400, buckets, now);
        assertThat(day.withProof(Grant.CODE)).isEqualTo(1);
        assertThat(day.wouldBeRefusedByRequired()).isZero();
        assertThat(month.wouldBeRefusedByRequired()).isEqualTo(1);
        assertThat(month.sessionsWithoutProof()).isEqualTo(1);

        Instant since = Instant.ofEpochMilli(T0 - 40L * 24 * HOUR);
        Verdict notReady = Verdict.of(month, since, Instant.ofEpochMilli(now));
        assertThat(notReady.state()).isEqualTo(Verdict.State.NOT_READY);
        assertThat(notReady.text()).isEqualTo("1 session refreshed unbound tokens without a proof in the last 30 days;"
                + " 1 request required would refuse");
        assertThat(Verdict.of(day, since, Instant.ofEpochMilli(now)).text())
                .isEqualTo("1 day without a request that required would refuse: ready");
        assertThat(Verdict.of(day, Instant.ofEpochMilli(now - 3 * HOUR), Instant.ofEpochMilli(now)))
                .extracting(Verdict::state).isEqualTo(Verdict.State.TOO_EARLY);
    }
}
