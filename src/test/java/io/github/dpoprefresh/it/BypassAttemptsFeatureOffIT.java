package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("bypass attempts, Keycloak's dpop feature off")
class BypassAttemptsFeatureOffIT extends BypassAttemptsContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOff();
    }

    @Override
    boolean keycloakDpopFeature() {
        return false;
    }
}
