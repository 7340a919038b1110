package io.github.dpoprefresh.binding;

import java.util.Locale;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;

/** The per-client setting, stored as the client attribute {@value #ATTRIBUTE}. */
public enum BindingMode {

    /** The extension does nothing for the client (also when the attribute is absent). */
    OFF,
    /** A token request with a valid proof gets a refresh token bound to the proof key; one without works as before. */
    OPTIONAL,
    /** As {@link #OPTIONAL}, but a token request without a valid proof is refused. */
    REQUIRED;

    public static final String ATTRIBUTE = "dpop.refresh.binding";

    private static final Logger LOG = Logger.getLogger(BindingMode.class);

    /** The client's mode; confidential and bearer-only clients are always {@link #OFF} (RFC 9449 §5). */
    public static BindingMode of(ClientModel client) {
        if (!client.isPublicClient() || client.isBearerOnly()) {
            return OFF;
        }
        String value = client.getAttribute(ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return OFF;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Client '%s' in realm '%s' has %s='%s', which is not off, optional or required: treated as off",
                    client.getClientId(), client.getRealm().getName(), ATTRIBUTE, value);
            return OFF;
        }
    }
}
