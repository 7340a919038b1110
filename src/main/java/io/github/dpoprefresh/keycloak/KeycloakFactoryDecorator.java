package io.github.dpoprefresh.keycloak;

import java.util.List;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

/**
 * Takes the place of one of Keycloak's own provider factories: same provider id, higher {@link #order()}
 * ({@code ProviderManager} keeps the factory with the highest order per id), lifecycle passed through to Keycloak's.
 */
abstract class KeycloakFactoryDecorator<F extends ProviderFactory<?>> {

    /** Above Keycloak's own factories, which keep the default order 0. */
    static final int ORDER = 100;

    final F keycloakFactory;

    KeycloakFactoryDecorator(F keycloakFactory) {
        this.keycloakFactory = keycloakFactory;
    }

    public void init(Config.Scope config) {
        KeycloakContract.requireSupportedVersion();
        keycloakFactory.init(config);
    }

    public void postInit(KeycloakSessionFactory factory) {
        keycloakFactory.postInit(factory);
    }

    public void close() {
        keycloakFactory.close();
    }

    public String getId() {
        return keycloakFactory.getId();
    }

    public int order() {
        return ORDER;
    }

    public List<ProviderConfigProperty> getConfigMetadata() {
        return keycloakFactory.getConfigMetadata();
    }

    public Set<Class<? extends Provider>> dependsOn() {
        return keycloakFactory.dependsOn();
    }
}
