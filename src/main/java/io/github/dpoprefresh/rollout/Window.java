package io.github.dpoprefresh.rollout;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * One client's figures over the last hours: the buckets of those hours, from every node, added up.
 *
 * @param name    {@code 24h}, {@code 7d} or {@code longest} (the realm's longest refresh-token lifetime)
 * @param seconds the window's length
 * @param sum     the buckets added up
 */
public record Window(String name, long seconds, Bucket sum) {

    /**
     * The buckets of the {@code ceil(seconds / 1 h)} hours up to and including the current one.
     *
     * @param nowMillis the current time
     */
    public static Window of(String name, long seconds, Collection<Bucket> buckets, long nowMillis) {
        long current = nowMillis / Bucket.HOUR_MILLIS;
        long first = current - Math.max(1, (seconds + Bucket.HOUR_MILLIS / 1000 - 1) / (Bucket.HOUR_MILLIS / 1000)) + 1;
        Bucket sum = new Bucket(null, null, current, Map.of(), SessionSketch.empty());
        for (Bucket bucket : buckets) {
            if (bucket.hour() >= first && bucket.hour() <= current) {
                sum = sum.merge(bucket);
            }
        }
        return new Window(name, seconds, sum);
    }

    public long withProof(Grant grant) {
        return count(grant.withProof);
    }

    public long withoutProof(Grant grant) {
        return count(grant.withoutProof);
    }

    /** Refusals of the grant by reason code. */
    public Map<String, Long> refused(Grant grant) {
        Map<String, Long> refused = new TreeMap<>();
        sum.counts().forEach((key, value) -> {
            if (key.startsWith(grant.refusedPrefix)) {
                refused.put(key.substring(grant.refusedPrefix.length()), value);
            }
        });
        return refused;
    }

    /** Refreshes of unbound refresh tokens, with a proof or without. */
    public long unboundRefreshes() {
        return count(Bucket.UNBOUND_REFRESHES);
    }

    /** The user sessions that refreshed an unbound token without a proof: they would log in again under required. */
    public long sessionsWithoutProof() {
        return sum.sessions().estimate();
    }

    public boolean sessionsExact() {
        return sum.sessions().exact();
    }

    /** Every request {@code required} would refuse: the successful ones that came without a proof, every grant. */
    public long wouldBeRefusedByRequired() {
        long total = 0;
        for (Grant grant : Grant.values()) {
            total += withoutProof(grant);
        }
        return total;
    }

    private long count(String key) {
        return sum.counts().getOrDefault(key, 0L);
    }
}
