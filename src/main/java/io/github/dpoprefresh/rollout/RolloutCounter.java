package io.github.dpoprefresh.rollout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's figures since the last flush, in memory: a token request adds one to an {@link AtomicLong} (and a
 * session id to a set), nothing more; {@link #drain} takes what was counted, for the store. Session ids live here
 * only until the next drain, which turns them into a {@link SessionSketch}. Thread-safe.
 */
public final class RolloutCounter {

    private record Key(String realmId, String clientId, long hour) {
    }

    private static final class Hour {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final Set<String> sessionIds = ConcurrentHashMap.newKeySet();
    }

    private final Map<Key, Hour> hours = new ConcurrentHashMap<>();

    /** A successful token request of a client that is {@code optional} or {@code required}. */
    public void granted(String realmId, String clientId, Grant grant, boolean withProof, long nowMillis) {
        add(hour(realmId, clientId, nowMillis), withProof ? grant.withProof : grant.withoutProof);
    }

    /** A successful refresh of an unbound refresh token; {@code sessionId} when it came without a proof. */
    public void unboundRefresh(String realmId, String clientId, String sessionId, long nowMillis) {
        Hour hour = hour(realmId, clientId, nowMillis);
        add(hour, Bucket.UNBOUND_REFRESHES);
        if (sessionId != null) {
            hour.sessionIds.add(sessionId);
        }
    }

    /** A token request we refused, with the reason's code. */
    public void refused(String realmId, String clientId, Grant grant, String reason, long nowMillis) {
        add(hour(realmId, clientId, nowMillis), grant.refusedPrefix + reason);
    }

    /**
     * What was counted since the last drain, one bucket per realm, client and hour; an hour older than the last one
     * is forgotten once drained (no request is counted an hour late).
     */
    public List<Bucket> drain(long nowMillis) {
        long current = nowMillis / Bucket.HOUR_MILLIS;
        List<Bucket> buckets = new ArrayList<>();
        hours.forEach((key, hour) -> {
            if (key.hour() < current - 1) {
                hours.remove(key);
            }
            Map<String, Long> counts = new HashMap<>();
            hour.counts.forEach((name, count) -> {
                long value = count.getAndSet(0);
                if (value != 0) {
                    counts.put(name, value);
                }
            });
            SessionSketch sessions = SessionSketch.empty();
            for (String sessionId : hour.sessionIds) {
                hour.sessionIds.remove(sessionId);
                sessions.add(sessionId);
            }
            if (!counts.isEmpty() || !sessions.exact() || sessions.estimate() > 0) {
                buckets.add(new Bucket(key.realmId(), key.clientId(), key.hour(), Map.copyOf(counts), sessions));
            }
        });
        return buckets;
    }

    private Hour hour(String realmId, String clientId, long nowMillis) {
        return hours.computeIfAbsent(new Key(realmId, clientId, nowMillis / Bucket.HOUR_MILLIS), key -> new Hour());
    }

    private static void add(Hour hour, String name) {
        hour.counts.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
    }
}
