package io.github.dpoprefresh.keycloak;

import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * Keycloak's own grant, with {@link RefreshBinding#beforeGrant} run first.
 * Every method of {@code OAuth2GrantType} in every supported version is delegated (a unit test checks it), so no
 * default method of the interface answers in place of Keycloak's grant.
 */
final class ProofCheckingGrant implements OAuth2GrantType {

    private final OAuth2GrantType grant;
    private final RefreshBinding binding;

    ProofCheckingGrant(OAuth2GrantType grant, RefreshBinding binding) {
        this.grant = grant;
        this.binding = binding;
    }

    /** 26.7 and later. */
    @Override
    public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) throws ClientPolicyException {
        grant.preProcess(session, formParams);
    }

    @Override
    public Response process(Context context) {
        binding.beforeGrant(context.getClient(), context.getEvent());
        // a browser app (an SPA with a WebCrypto key) reads the server nonce only if CORS exposes it, also on errors
        context.getCors().exposedHeaders(Answers.DPOP_NONCE_HEADER);
        return grant.process(context);
    }

    @Override
    public EventType getEventType() {
        return grant.getEventType();
    }

    @Override
    public Set<String> getSupportedMultivaluedRequestParameters() {
        return grant.getSupportedMultivaluedRequestParameters();
    }

    /** 26.7 and later. */
    @Override
    public Set<String> getTokenParameterNames() {
        return grant.getTokenParameterNames();
    }

    /** 26.7 and later. */
    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return grant.isTokenAllowed(session, token);
    }

    @Override
    public void close() {
        grant.close();
    }
}
