package io.github.dpoprefresh.keycloak.figures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.dpoprefresh.rollout.Bucket;
import io.github.dpoprefresh.rollout.SessionSketch;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * The figures in {@code DPOP_REFRESH_FIGURES}, in the session's transaction: a node adds what it counted to its own
 * rows; reading adds up every node's rows of a client.
 */
final class FiguresStore {

    private static final Logger LOG = Logger.getLogger(FiguresStore.class);

    /** The client id of a realm's row that says since which hour the realm is counted (never a client's id). */
    static final String REALM_MARK = "(realm)";

    private final EntityManager em;

    private FiguresStore(EntityManager em) {
        this.em = em;
    }

    static FiguresStore of(KeycloakSession session) {
        return new FiguresStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /** Fails when the table is not there or not mapped: the start-up check. */
    void requireTable() {
        em.createQuery("select count(f) from DpopRefreshFigures f where f.hour < 0", Long.class).getSingleResult();
    }

    /** Adds the buckets to this node's rows, one row per realm, client and hour. */
    void add(String nodeId, Collection<Bucket> buckets) {
        for (Bucket bucket : buckets) {
            String id = rowId(nodeId, bucket.realmId(), bucket.clientId(), bucket.hour());
            FiguresRow row = em.find(FiguresRow.class, id);
            if (row == null) {
                em.persist(new FiguresRow(id, bucket.realmId(), bucket.clientId(), bucket.hour(), nodeId,
                        json(bucket.counts()), bucket.sessions().encode()));
            } else {
                Bucket sum = bucket.merge(bucket(row));
                row.update(json(sum.counts()), sum.sessions().encode());
            }
        }
    }

    /** Every node's buckets of the client from {@code firstHour} on (each node's rows separately). */
    List<Bucket> read(String realmId, String clientId, long firstHour) {
        List<Bucket> buckets = new ArrayList<>();
        em.createQuery("select f from DpopRefreshFigures f where f.realmId = :realm and f.clientId = :client"
                        + " and f.hour >= :first", FiguresRow.class)
                .setParameter("realm", realmId).setParameter("client", clientId).setParameter("first", firstHour)
                .getResultStream().forEach(row -> {
                    try {
                        buckets.add(bucket(row));
                    } catch (RuntimeException e) {
                        LOG.warnf("A row of the DPoP rollout figures of client '%s' cannot be read and is left out: %s",
                                clientId, e.getMessage());
                    }
                });
        return buckets;
    }

    /** The first hour counted in the realm, or null when nothing marks it yet. */
    Long countingSince(String realmId) {
        FiguresRow mark = em.find(FiguresRow.class, markId(realmId));
        return mark == null ? null : mark.hour();
    }

    /** Marks the realm as counted from {@code hour} on unless it is marked already; whether it marked it. */
    boolean mark(String realmId, long hour, String nodeId) {
        if (em.find(FiguresRow.class, markId(realmId)) != null) {
            return false;
        }
        em.persist(new FiguresRow(markId(realmId), realmId, REALM_MARK, hour, nodeId, "{}", ""));
        return true;
    }

    /** The realms that have rows. */
    List<String> realms() {
        return em.createQuery("select distinct f.realmId from DpopRefreshFigures f", String.class).getResultList();
    }

    /** Removes the realm's client rows before {@code firstHourKept}; its mark stays. */
    int removeBefore(String realmId, long firstHourKept) {
        return em.createQuery("delete from DpopRefreshFigures f where f.realmId = :realm and f.clientId <> :mark"
                        + " and f.hour < :first")
                .setParameter("realm", realmId).setParameter("mark", REALM_MARK).setParameter("first", firstHourKept)
                .executeUpdate();
    }

    /** Removes every row of a realm that is gone. */
    int removeRealm(String realmId) {
        return em.createQuery("delete from DpopRefreshFigures f where f.realmId = :realm")
                .setParameter("realm", realmId).executeUpdate();
    }

    private static Bucket bucket(FiguresRow row) {
        return new Bucket(row.realmId(), row.clientId(), row.hour(), counts(row.counts()),
                SessionSketch.decode(row.sessions()));
    }

    /** The same id for the same node, realm, client and hour: a name-based UUID, 36 characters. */
    static String rowId(String nodeId, String realmId, String clientId, long hour) {
        return UUID.nameUUIDFromBytes((nodeId + '\n' + realmId + '\n' + clientId + '\n' + hour)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String markId(String realmId) {
        return rowId("", realmId, REALM_MARK, 0);
    }

    private static String json(Map<String, Long> counts) {
        try {
            return JsonSerialization.writeValueAsString(counts);
        } catch (IOException e) {
            throw new IllegalStateException("counts as JSON", e);
        }
    }

    private static Map<String, Long> counts(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<?, ?> read = JsonSerialization.readValue(json, Map.class);
            Map<String, Long> counts = new HashMap<>();
            read.forEach((key, value) -> counts.put((String) key, ((Number) value).longValue()));
            return Map.copyOf(counts);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object of counts", e);
        }
    }
}
