package io.github.dpoprefresh.binding;

import java.util.Set;

import io.github.dpoprefresh.metrics.BindingMetrics;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * Keycloak's own grant, with {@link RefreshBinding#beforeGrant} run first; a successful response adds the binding to
 * the grant's success event (detail {@value #DETAIL_BOUND}) and the metrics. Everything else is the grant's.
 */
final class ProofCheckingGrant implements OAuth2GrantType {

    /** Success event detail: {@code new}, {@code kept} or {@code upgraded} when the refresh token issued is bound. */
    static final String DETAIL_BOUND = "dpop_bound";

    private final OAuth2GrantType grant;
    private final RefreshBinding binding;

    ProofCheckingGrant(OAuth2GrantType grant, RefreshBinding binding) {
        this.grant = grant;
        this.binding = binding;
    }

    @Override
    public void preProcess(KeycloakSession session, MultivaluedMap<String, String> formParams) throws ClientPolicyException {
        binding.beforeGrant(formParams, grant.getEventType());
        grant.preProcess(session, formParams);
    }

    @Override
    public Response process(Context context) {
        String bound = binding.boundRefreshToken();
        if (bound != null) {
            // read by event listeners when the grant calls event.success()
            context.getEvent().detail(DETAIL_BOUND, bound);
        }
        Response response = grant.process(context);
        if (bound != null && response.getStatus() == Response.Status.OK.getStatusCode()) {
            BindingMetrics.bound(context.getRealm().getName(), bound);
        }
        return response;
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
