package io.github.dpoprefresh.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.dpoprefresh.rollout.Grant;
import io.micrometer.core.instrument.Counter;

/**
 * The per-client series ({@value #CLIENT_REQUESTS}, Prometheus {@code dpop_refresh_client_requests_total}): every
 * series carries {@code realm}, {@code client_id}, {@code grant} and {@code outcome}. A request is two map lookups and
 * an increment; the registry is asked once per client.
 */
public final class ClientMetrics {

    public static final String CLIENT_REQUESTS = "dpop.refresh.client.requests";

    /**
     * Clients per realm with series of their own in {@link #CLIENT_REQUESTS}; the requests of any further client are
     * counted under {@link #OTHER_CLIENTS}. Each client has 12 series (4 {@link Grant}s, 3 outcomes): 100 clients are 1,200
     * series per realm, within what one Prometheus target is usually allowed per metric, while a realm of several
     * thousand apps (dynamic client registration) cannot grow the scrape without end.
     */
    public static final int CLIENTS_PER_REALM = 100;
    /** The {@code client_id} of the clients past {@link #CLIENTS_PER_REALM} (documented: a client of that id shares it). */
    public static final String OTHER_CLIENTS = "_other";

    /** What became of a client's token request (label {@code outcome}). */
    public static final List<String> CLIENT_OUTCOMES = List.of("with_proof", "without_proof", "refused");

    /** Realm name to its clients' counters. */
    private static final ConcurrentMap<String, RealmClients> CLIENTS = new ConcurrentHashMap<>();

    private ClientMetrics() {
    }

    /**
     * A token request of a public client whose binding is {@code optional} or {@code required}.
     *
     * @param realmName the realm's name
     * @param clientId  the client's public {@code client_id}
     * @param grant     the grant (label {@code grant}: its {@link Grant#code()}); null is not counted
     * @param outcome   {@code with_proof}, {@code without_proof} or {@code refused}; another is not counted
     */
    public static void clientRequest(String realmName, String clientId, Grant grant, String outcome) {
        int index = index(grant, outcome);
        if (index >= 0) {
            realmClients(realmName).of(clientId)[index].increment();
        }
    }

    /**
     * Registers the client's series of {@link #CLIENT_REQUESTS} at zero (those of {@link #OTHER_CLIENTS} when the
     * realm has {@link #CLIENTS_PER_REALM} clients with series of their own already).
     */
    public static void clientSeries(String realm, String clientId) {
        realmClients(realm).of(clientId);
    }

    /** Index of a client's counter, or -1 for a grant or outcome not counted. */
    private static int index(Grant grant, String outcome) {
        int o = CLIENT_OUTCOMES.indexOf(outcome);
        return grant == null || o < 0 ? -1 : grant.ordinal() * CLIENT_OUTCOMES.size() + o;
    }

    private static RealmClients realmClients(String realm) {
        RealmClients clients = CLIENTS.get(realm);
        return clients != null ? clients : CLIENTS.computeIfAbsent(realm, RealmClients::new);
    }

    /** The clients of one realm with series of their own, at most {@link #CLIENTS_PER_REALM}, and the others'. */
    private static final class RealmClients {

        private final String realm;
        private final ConcurrentMap<String, Counter[]> own = new ConcurrentHashMap<>();
        /** The series of {@link #OTHER_CLIENTS}, made when first needed. */
        private volatile Counter[] others;
        /** Set once the bound is reached, never cleared: from then on other clients count without a lock. */
        private volatile boolean full;

        RealmClients(String realm) {
            this.realm = realm;
        }

        Counter[] of(String clientId) {
            Counter[] counters = clientId == null ? null : own.get(clientId);
            if (counters != null) {
                return counters;
            }
            return full ? others : claim(clientId);
        }

        private synchronized Counter[] claim(String clientId) {
            Counter[] counters = clientId == null ? null : own.get(clientId);
            if (counters != null) {
                return counters;
            }
            if (clientId != null && own.size() < CLIENTS_PER_REALM) {
                counters = clientCounters(realm, clientId);
                own.put(clientId, counters);
                return counters;
            }
            if (others == null) {
                others = clientCounters(realm, OTHER_CLIENTS);
            }
            if (clientId != null) {
                full = true;
            }
            return others;
        }
    }

    private static Counter[] clientCounters(String realm, String clientId) {
        List<Counter> counters = new ArrayList<>();
        for (Grant grant : Grant.values()) {
            for (String outcome : CLIENT_OUTCOMES) {
                counters.add(BindingMetrics.counter(CLIENT_REQUESTS, "realm", realm, "client_id", clientId, "grant", grant.code(),
                        "outcome", outcome));
            }
        }
        return counters.toArray(Counter[]::new);
    }
}
