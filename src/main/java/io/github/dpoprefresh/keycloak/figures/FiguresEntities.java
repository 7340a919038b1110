package io.github.dpoprefresh.keycloak.figures;

import java.util.List;

import io.github.dpoprefresh.keycloak.KeycloakContract;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The figures' table in Keycloak's own database, through Keycloak's JPA entity SPI: Keycloak's build step adds
 * {@link FiguresRow} to its persistence unit (Quarkus' {@code KeycloakProcessor} takes every {@code @Entity} of a
 * provider jar), and its Liquibase updater runs our changelog at start, recorded in its own table
 * {@code DATABASECHANGELOG_DPOP_REFRE} ({@code JpaUtils.getCustomChangelogTableName}).
 */
public final class FiguresEntities implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "dpop-refresh-figures";
    static final String CHANGELOG = "META-INF/dpop-refresh-figures-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(FiguresRow.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        KeycloakContract.requireSupportedVersion();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
