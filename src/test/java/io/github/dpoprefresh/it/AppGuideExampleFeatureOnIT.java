package io.github.dpoprefresh.it;

import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the app guide's Java example, Keycloak's dpop feature on (default)")
class AppGuideExampleFeatureOnIT extends AppGuideExampleContract {

    @Override
    KeycloakServer server() {
        return KeycloakServers.dpopFeatureOn();
    }

    @Override
    boolean keycloakDpopFeature() {
        return true;
    }
}
