package io.github.dpoprefresh.keycloak;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.github.dpoprefresh.binding.ClientSettings;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;

/**
 * A client's binding settings as its attributes store them. A stored value that names nothing is a configuration
 * error: it is logged at ERROR once per client and stored values, and the client is treated as {@link ClientSettings}
 * says (an unknown mode is {@code required}).
 */
final class StoredSettings {

    private static final Logger LOG = Logger.getLogger(StoredSettings.class);

    /** Clients whose stored settings were reported, with the values reported. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** The client's settings; confidential, bearer-only, disabled and unknown clients are never bound. */
    ClientSettings of(ClientModel client) {
        if (client == null || !client.isEnabled() || !client.isPublicClient() || client.isBearerOnly()) {
            return ClientSettings.NOT_BOUND;
        }
        ClientSettings settings = ClientSettings.read(client::getAttribute);
        if (!settings.problems().isEmpty() && reported.add(client.getId() + settings.problems())) {
            LOG.errorf("Client '%s' in realm '%s': %s", client.getClientId(), client.getRealm().getName(),
                    settings.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        return settings;
    }
}
