package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("concurrent refreshes, Keycloak's dpop feature on (default)")
class ConcurrentRefreshFeatureOnIT extends ConcurrentRefreshContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOn();
    }
}
