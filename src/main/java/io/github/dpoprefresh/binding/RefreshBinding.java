package io.github.dpoprefresh.binding;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.events.EventType;
import org.keycloak.provider.Provider;

/** The DPoP refresh-token binding of one request: what runs before Keycloak's own grant code. */
public interface RefreshBinding extends Provider {

    /**
     * Checks the request's DPoP proof for a token request, before Keycloak's grant code runs, and tells Keycloak's
     * token code what to bind. Refuses the request (a {@code WebApplicationException} with an OAuth error) when the
     * proof is missing where required, invalid, replayed, or of another key than the refresh token is bound to.
     */
    void beforeGrant(MultivaluedMap<String, String> form, EventType eventType);

    /** After a successful grant: what was bound ({@code new}, {@code kept}, {@code upgraded}), or null. */
    String boundRefreshToken();

    @Override
    default void close() {
    }
}
