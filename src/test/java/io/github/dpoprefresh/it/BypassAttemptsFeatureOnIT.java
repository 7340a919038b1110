package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("bypass attempts, Keycloak's dpop feature on (default)")
class BypassAttemptsFeatureOnIT extends BypassAttemptsContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOn();
    }

    @Override
    boolean keycloakDpopFeature() {
        return true;
    }
}
