package io.github.dpoprefresh.keycloak.figures;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.github.dpoprefresh.binding.Settings;
import io.github.dpoprefresh.keycloak.KeycloakContract;
import io.github.dpoprefresh.keycloak.Rollout;
import io.github.dpoprefresh.rollout.Bucket;
import io.github.dpoprefresh.rollout.FiguresReport;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.timer.TimerProvider;

/**
 * The rollout figures of this node: every {@code figures-flush-interval} seconds (Keycloak's timer, on each node) it
 * has {@link NodeFigures} add what {@link Rollout#counter()} counted to this node's rows, and remove rows older than each
 * realm's longest window; a last flush when the server stops. And the admin endpoint that reads them,
 * {@code /admin/realms/{realm}/dpop-refresh/clients/{id}/figures} ({@link FiguresResource}).
 *
 * <p>A crash loses what the node counted since its last flush: at most one interval of one node's counts. A flush that
 * fails (the database away) keeps its buckets for the next one.
 */
public final class Figures implements AdminRealmResourceProviderFactory {

    private static final Logger LOG = Logger.getLogger(Figures.class);

    /** The admin endpoint's path under {@code /admin/realms/{realm}/}. */
    public static final String ID = "dpop-refresh";
    static final String TASK = "dpop-refresh-figures-flush";

    private int flushSeconds = Settings.defaults().figuresFlushSeconds();
    private KeycloakSessionFactory sessions;
    private NodeFigures node;
    private volatile boolean scheduled;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                    AdminEventBuilder adminEvent) {
                return new FiguresResource(s, realm, auth, Figures.this);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        KeycloakContract.requireSupportedVersion();
        flushSeconds = Settings.from(Config.scope(Settings.SPI, Settings.PROVIDER)::get).figuresFlushSeconds();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessions = factory;
        node = new NodeFigures(factory);
        factory.register(this::onEvent);
    }

    /** Its rows and the timer must outlive it: closed before them, so the last flush can write. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class);
    }

    private void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent) {
            started();
        } else if (event instanceof RealmModel.RealmPostCreateEvent realm) {
            // not in the creating transaction: a realm is never held up by its figures
            node.realmCreated(realm.getCreatedRealm().getId(), currentHour());
        }
    }

    /** The database is migrated: check the table, mark the realms counted from now on, start flushing. */
    private void started() {
        try {
            KeycloakModelUtils.runJobInTransaction(sessions, session -> FiguresStore.of(session).requireTable());
        } catch (RuntimeException e) {
            throw KeycloakContract.refusal("its rollout figures' table DPOP_REFRESH_FIGURES cannot be read (" + e + ")");
        }
        node.markRealms(currentHour());
        KeycloakModelUtils.runJobInTransaction(sessions, session -> session.getProvider(TimerProvider.class)
                .schedule(this::flushQuietly, flushSeconds * 1000L, TASK));
        scheduled = true;
        LOG.debugf("DPoP rollout figures of node '%s' written every %d s", node.id(), flushSeconds);
    }

    private void flushQuietly() {
        try {
            node.flush();
        } catch (RuntimeException e) {
            // never out of the timer's thread: java.util.Timer would stop every task
            LOG.warnf("The DPoP rollout figures could not be written now, they are kept for the next try: %s", e);
        }
    }

    /** The client's figures, as the endpoint answers them. */
    Map<String, Object> report(KeycloakSession session, RealmModel realm, ClientModel client) {
        long now = Time.currentTimeMillis();
        long longest = longestSeconds(realm);
        FiguresStore store = FiguresStore.of(session);
        long firstHour = now / Bucket.HOUR_MILLIS - FiguresReport.hoursKept(longest) + 1;
        Long since = store.countingSince(realm.getId());
        return FiguresReport.of(client.getClientId(), Rollout.countedMode(client).option(), longest,
                since == null ? null : Instant.ofEpochMilli(since * Bucket.HOUR_MILLIS), flushSeconds,
                store.read(realm.getId(), client.getId(), firstHour), now);
    }

    /**
     * The realm's longest refresh-token lifetime: how long an install may go without a token request and still
     * refresh (SSO session idle and max, also with remember me, offline session idle, offline max when enabled).
     */
    static long longestSeconds(RealmModel realm) {
        long longest = Math.max(realm.getSsoSessionIdleTimeout(), realm.getSsoSessionMaxLifespan());
        longest = Math.max(longest, Math.max(realm.getSsoSessionIdleTimeoutRememberMe(),
                realm.getSsoSessionMaxLifespanRememberMe()));
        longest = Math.max(longest, realm.getOfflineSessionIdleTimeout());
        if (realm.isOfflineSessionMaxLifespanEnabled()) {
            longest = Math.max(longest, realm.getOfflineSessionMaxLifespan());
        }
        return longest;
    }

    private static long currentHour() {
        return Time.currentTimeMillis() / Bucket.HOUR_MILLIS;
    }

    /** Before the database closes ({@link #dependsOn}): stop the timer and write what is left. */
    @Override
    public void close() {
        if (!scheduled) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(sessions, session -> session.getProvider(TimerProvider.class)
                    .cancelTask(TASK));
            node.flush();
            LOG.debugf("DPoP rollout figures of node '%s' written at shutdown", node.id());
        } catch (RuntimeException e) {
            LOG.warnf("The DPoP rollout figures counted since the last flush are lost: %s", e);
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    int flushSeconds() {
        return flushSeconds;
    }
}
