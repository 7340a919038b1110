package io.github.dpoprefresh.binding;

import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/** Keycloak's own grant, with {@link ProofGate} run first. Everything else is the grant's. */
final class ProofCheckingGrant implements OAuth2GrantType {

    private final OAuth2GrantType grant;
    private final ProofGate gate;

    ProofCheckingGrant(OAuth2GrantType grant, ProofGate gate) {
        this.grant = grant;
        this.gate = gate;
    }

    @Override
    public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) throws ClientPolicyException {
        gate.beforeGrant(formParams, grant.getEventType());
        grant.preProcess(session, formParams);
    }

    @Override
    public Response process(Context context) {
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

    @Override
    public Set<String> getTokenParameterNames() {
        return grant.getTokenParameterNames();
    }

    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return grant.isTokenAllowed(session, token);
    }

    @Override
    public void close() {
        grant.close();
    }
}
