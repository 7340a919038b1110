package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("hostile requests, Keycloak's dpop feature off")
class HostileRequestsFeatureOffIT extends HostileRequestsContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOff();
    }
}
