package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.BindingMode;
import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.metrics.ClientMetrics;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;

/**
 * Puts the metric series of every realm, and of every client whose binding is {@code optional} or {@code required},
 * at zero from the start ({@link BindingMetrics#realmSeries}, {@link BindingMetrics#clientSeries}), so that a fresh
 * install already shows them. Driven by Keycloak's provider events, not by a periodic pass: the series appear the
 * moment a realm or a client appears or changes, and nothing runs while nothing changes.
 *
 * <ul>
 *   <li>{@link PostMigrationEvent}: once at start, after Keycloak migrated the database, created the master realm
 *   and imported realms ({@code KeycloakApplication.startup}); {@code postInit} is too early for that, the schema may
 *   not exist yet. Every realm, and its clients whose setting is {@code optional} or {@code required}.</li>
 *   <li>{@link RealmModel.RealmPostCreateEvent}: a realm created or imported later (admin REST, partial import).</li>
 *   <li>{@link ClientModel.ClientUpdatedEvent}: Keycloak publishes it from {@code ClientModel.updateClient()}, which
 *   {@code RepresentationToModel.createClient} and {@code updateClient} call after the attributes are set: a client
 *   created with the setting, or switched to {@code optional} or {@code required} in the console or over REST.</li>
 * </ul>
 *
 * A series stays until the server stops, also when its realm or client is removed or switched off. Only with a
 * registry that exports them ({@code --metrics-enabled=true}); never stops the server or a request.
 */
final class ZeroSeries {

    private static final Logger LOG = Logger.getLogger(ZeroSeries.class);

    private final KeycloakSessionFactory factory;
    private final StoredSettings stored;

    ZeroSeries(KeycloakSessionFactory factory, StoredSettings stored) {
        this.factory = factory;
        this.stored = stored;
    }

    void onEvent(ProviderEvent event) {
        if (!BindingMetrics.exported()) {
            return;
        }
        try {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, this::everyRealm);
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                BindingMetrics.realmSeries(created.getCreatedRealm().getName());
            } else if (event instanceof ClientModel.ClientUpdatedEvent updated) {
                client(updated.getUpdatedClient());
            }
        } catch (RuntimeException e) {
            // the counters still count; only their zero series before the first request are missing
            LOG.warnf(e, "Could not register the zero metric series (%s)", event.getClass().getSimpleName());
        }
    }

    private void everyRealm(KeycloakSession session) {
        session.realms().getRealmsStream().forEach(realm -> {
            try {
                BindingMetrics.realmSeries(realm.getName());
                // every client is read: JpaRealmProvider.searchClientsByAttributes refuses attributes Keycloak does
                // not list as searchable (26.7); the stream stops at the bound, past which clients share one series
                session.clients().getClientsStream(realm).filter(this::bound)
                        .limit(ClientMetrics.CLIENTS_PER_REALM)
                        .forEach(client -> ClientMetrics.clientSeries(realm.getName(), client.getClientId()));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not register the zero metric series of realm '%s'", realm.getName());
            }
        });
    }

    private boolean bound(ClientModel client) {
        return stored.of(client).mode() != BindingMode.OFF;
    }

    private void client(ClientModel client) {
        if (bound(client)) {
            ClientMetrics.clientSeries(client.getRealm().getName(), client.getClientId());
        }
    }
}
