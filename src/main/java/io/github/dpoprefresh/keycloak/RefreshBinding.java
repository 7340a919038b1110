package io.github.dpoprefresh.keycloak;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.provider.Provider;

/**
 * The DPoP refresh-token binding of one request, in the order Keycloak reaches its steps. Every refusal is a
 * {@code WebApplicationException} carrying an HTTP 400 OAuth error response.
 */
public interface RefreshBinding extends Provider {

    /**
     * A token request, before client authentication and before Keycloak looks at the {@code DPoP} header: checks the
     * proof where the client's settings or the presented refresh token ask for one, and tells Keycloak's token code
     * what to bind.
     */
    void beforeTokenRequest(String grantType, EventType eventType);

    /**
     * The grant is about to run, with the client Keycloak authenticated: refuses the request if that is a public
     * client other than the one {@link #beforeTokenRequest} read (so no spelling of a client id skips a check).
     */
    void beforeGrant(ClientModel authenticated, EventBuilder event);

    /**
     * The grant is about to answer with tokens: the binding is reported, as the {@code dpop_bound} detail of the
     * grant's success event and in the metrics.
     */
    void beforeTokenResponse();

    /**
     * Before a refresh token is used anywhere but the token endpoint (logout, revocation), by the client Keycloak
     * authenticated: a bound refresh token needs a valid proof of its key, with {@code htu} the endpoint's URL.
     */
    void beforeRefreshTokenUse(ClientModel client, String encodedToken, EventType eventType);

    /**
     * Keycloak may have checked a proof itself (its {@code dpop} feature, for clients we leave to it): it is then
     * remembered for as long as we would accept it, so that no proof is accepted twice on any path.
     */
    void afterKeycloakProofCheck();

    @Override
    default void close() {
    }
}
