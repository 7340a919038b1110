package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JavaScript client (openid-client), Keycloak's dpop feature off")
class JsClientFeatureOffIT extends JsClientContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOff();
    }
}
