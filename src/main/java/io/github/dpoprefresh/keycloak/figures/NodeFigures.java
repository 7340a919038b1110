package io.github.dpoprefresh.keycloak.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.github.dpoprefresh.keycloak.Rollout;
import io.github.dpoprefresh.rollout.Bucket;
import io.github.dpoprefresh.rollout.FiguresReport;
import io.github.dpoprefresh.rollout.RolloutCounter;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * This node's writer of the figures: what {@link Rollout#counter()} counted goes into this node's rows at each
 * {@link #flush}, which also removes old rows once an hour. Only this process writes rows of its {@link #id}, so
 * two nodes never contend for a row.
 */
final class NodeFigures {

    private static final Logger LOG = Logger.getLogger(NodeFigures.class);

    /** This process: only it writes its rows. */
    private final String nodeId = UUID.randomUUID().toString();
    private final RolloutCounter counter = Rollout.counter();
    /** Drained but not written yet (the last flush failed), by realm, client and hour. */
    private final Map<List<Object>, Bucket> pending = new LinkedHashMap<>();
    /** Realms known to be marked as counted: not looked up again at every flush. */
    private final Set<String> marked = ConcurrentHashMap.newKeySet();
    /** Realms created since the last flush, with the hour of their creation: marked by the next flush. */
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final KeycloakSessionFactory sessions;
    private long lastRetentionHour = -1;

    NodeFigures(KeycloakSessionFactory sessions) {
        this.sessions = sessions;
    }

    String id() {
        return nodeId;
    }

    /** A realm created since the last flush: marked as counted from that hour by the next flush. */
    void realmCreated(String realmId, long hour) {
        created.put(realmId, hour);
    }

    /** At start: every realm not marked yet is counted from this hour on. */
    void markRealms(long hour) {
        List<String> realms = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(sessions, session -> session.realms().getRealmsStream()
                .forEach(realm -> realms.add(realm.getId())));
        for (String realm : realms) {
            try {
                KeycloakModelUtils.runJobInTransaction(sessions,
                        session -> FiguresStore.of(session).mark(realm, hour, nodeId));
            } catch (RuntimeException e) {
                LOG.debugf("Realm '%s' was marked as counted by another node at the same time: %s", realm, e);
            }
        }
    }

    /** Writes what was counted since the last flush (and what that one could not write); removes old rows hourly. */
    synchronized void flush() {
        long now = Time.currentTimeMillis();
        for (Bucket bucket : counter.drain(now)) {
            pending.merge(List.of(bucket.realmId(), bucket.clientId(), bucket.hour()), bucket, Bucket::merge);
        }
        Map<String, Long> newRealms = Map.copyOf(created);
        if (!pending.isEmpty() || !newRealms.isEmpty()) {
            List<Bucket> writing = List.copyOf(pending.values());
            KeycloakModelUtils.runJobInTransaction(sessions, session -> {
                FiguresStore store = FiguresStore.of(session);
                newRealms.forEach((realm, since) -> store.mark(realm, since, nodeId));
                for (String realm : writing.stream().map(Bucket::realmId).distinct().toList()) {
                    if (!marked.contains(realm) && !newRealms.containsKey(realm)) {
                        store.mark(realm, now / Bucket.HOUR_MILLIS, nodeId);
                    }
                }
                store.add(nodeId, writing);
            });
            writing.forEach(bucket -> marked.add(bucket.realmId()));
            marked.addAll(newRealms.keySet());
            newRealms.keySet().forEach(created::remove);
            pending.clear();
        }
        long hour = now / Bucket.HOUR_MILLIS;
        if (hour != lastRetentionHour) {
            KeycloakModelUtils.runJobInTransaction(sessions, this::removeOld);
            lastRetentionHour = hour;
        }
    }

    /** Rows outside every realm's longest window, and every row of a realm that is gone. */
    private void removeOld(KeycloakSession session) {
        FiguresStore store = FiguresStore.of(session);
        long hour = Time.currentTimeMillis() / Bucket.HOUR_MILLIS;
        for (String realmId : store.realms()) {
            RealmModel realm = session.realms().getRealm(realmId);
            int removed = realm == null ? store.removeRealm(realmId)
                    : store.removeBefore(realmId, hour - FiguresReport.hoursKept(Figures.longestSeconds(realm)) + 1);
            if (removed > 0) {
                LOG.debugf("Removed %d rows of DPoP rollout figures of realm '%s'", removed, realmId);
            }
        }
    }
}
