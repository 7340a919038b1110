package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("refresh binding, Keycloak's dpop feature off")
class RefreshBindingFeatureOffIT extends RefreshBindingContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOff();
    }

    @Override
    boolean keycloakDpopFeature() {
        return false;
    }
}
