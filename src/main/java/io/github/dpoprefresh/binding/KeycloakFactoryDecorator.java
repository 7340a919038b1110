package io.github.dpoprefresh.binding;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
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
}
