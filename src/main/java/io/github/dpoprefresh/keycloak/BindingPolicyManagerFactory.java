package io.github.dpoprefresh.keycloak;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.dpoprefresh.binding.ClientSettings;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.ClientPolicyManagerFactory;
import org.keycloak.services.clientpolicy.DefaultClientPolicyManagerFactory;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.LogoutRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRevokeContext;

/**
 * Keycloak's client-policy manager, which Keycloak calls at every step of a token request and before the logout
 * ({@code LogoutEndpoint.logoutToken}) and revocation ({@code TokenRevocationEndpoint.revoke}) endpoints use a refresh
 * token, with the binding's steps run first: {@link RefreshBinding#beforeRefreshTokenUse} there (with the client
 * Keycloak authenticated, {@code AuthorizeClientUtil} puts it into the session's context in 26.4 to 26.7; the policy
 * contexts carry it only from 26.7 on), {@link RefreshBinding#beforeTokenResponse} when a grant is about to answer with
 * tokens, {@link RefreshBinding#afterKeycloakProofCheck} at every event, and {@link #refuseUnknownSettings} when a
 * client is saved. No realm policy is involved: nothing to configure, nothing an admin can delete, and client updates
 * are never blocked (but for a value of ours that means nothing). Same provider id as Keycloak's, higher order; every
 * method of {@code ClientPolicyManager} is delegated (a unit test checks it).
 */
public final class BindingPolicyManagerFactory
        extends KeycloakFactoryDecorator<DefaultClientPolicyManagerFactory> implements ClientPolicyManagerFactory {

    /** The events of the grants we wrap that come right before their success event (by name: all exist in 26.4). */
    private static final Set<String> TOKEN_RESPONSES = Set.of("TOKEN_RESPONSE", "TOKEN_REFRESH_RESPONSE",
            "RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE", "DEVICE_TOKEN_RESPONSE");

    private static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

    /** A client created or updated through the admin REST API (console, kcadm.sh) or client registration. */
    private static final Set<String> CLIENT_SAVES = Set.of("REGISTER", "UPDATE");

    public BindingPolicyManagerFactory() {
        super(new DefaultClientPolicyManagerFactory());
    }

    @Override
    public ClientPolicyManager create(KeycloakSession session) {
        return new Manager(keycloakFactory.create(session), session);
    }

    /**
     * A client is not saved with a value of ours that means nothing ({@code dpop.refresh.binding=requried}): HTTP 400
     * {@code invalid_client_metadata} (RFC 7591 §3.2.2), before anything is stored. Thrown as a response, not as a
     * {@code ClientPolicyException}, which client registration would answer with 403 ({@code ClientRegistrationAuth}
     * in 26.4 to 26.7); the admin REST API answers both alike. Realm import runs no client policy; such values fail
     * closed ({@link ClientSettings}).
     */
    static void refuseUnknownSettings(ClientRepresentation client) {
        Map<String, String> attributes = client == null ? null : client.getAttributes();
        if (attributes == null) {
            return;
        }
        List<ClientSettings.Problem> problems = ClientSettings.read(attributes::get).problems();
        if (!problems.isEmpty()) {
            throw new ErrorResponseException(INVALID_CLIENT_METADATA,
                    problems.stream().map(ClientSettings.Problem::invalid).collect(Collectors.joining("; ")),
                    Response.Status.BAD_REQUEST);
        }
    }

    record Manager(ClientPolicyManager policies, KeycloakSession session) implements ClientPolicyManager {

        @Override
        public void triggerOnEvent(ClientPolicyContext context) throws ClientPolicyException {
            RefreshBinding binding = session.getProvider(RefreshBinding.class);
            binding.afterKeycloakProofCheck();
            if (context instanceof LogoutRequestContext logout && logout.getParams() != null) {
                binding.beforeRefreshTokenUse(session.getContext().getClient(),
                        logout.getParams().getFirst(OAuth2Constants.REFRESH_TOKEN), EventType.LOGOUT);
            } else if (context instanceof TokenRevokeContext revoke && revoke.getParams() != null) {
                binding.beforeRefreshTokenUse(session.getContext().getClient(), revoke.getParams().getFirst("token"),
                        EventType.REVOKE_GRANT);
            } else if (TOKEN_RESPONSES.contains(context.getEvent().name())) {
                binding.beforeTokenResponse();
            } else if (context instanceof ClientCRUDContext change && CLIENT_SAVES.contains(context.getEvent().name())) {
                refuseUnknownSettings(change.getProposedClientRepresentation());
            }
            policies.triggerOnEvent(context);
        }

        @Override
        public void setupClientPoliciesOnCreatedRealm(RealmModel realm) {
            policies.setupClientPoliciesOnCreatedRealm(realm);
        }

        @Override
        public void updateRealmModelFromRepresentation(RealmModel realm, RealmRepresentation rep) {
            policies.updateRealmModelFromRepresentation(realm, rep);
        }

        @Override
        public void updateClientProfiles(RealmModel realm, ClientProfilesRepresentation clientProfiles)
                throws ClientPolicyException {
            policies.updateClientProfiles(realm, clientProfiles);
        }

        @Override
        public ClientProfilesRepresentation getClientProfiles(RealmModel realm, boolean includeGlobalProfiles)
                throws ClientPolicyException {
            return policies.getClientProfiles(realm, includeGlobalProfiles);
        }

        @Override
        public void updateClientPolicies(RealmModel realm, ClientPoliciesRepresentation clientPolicies)
                throws ClientPolicyException {
            policies.updateClientPolicies(realm, clientPolicies);
        }

        @Override
        public ClientPoliciesRepresentation getClientPolicies(RealmModel realm, boolean includeGlobalPolicies)
                throws ClientPolicyException {
            return policies.getClientPolicies(realm, includeGlobalPolicies);
        }

        @Override
        public void updateRealmRepresentationFromModel(RealmModel realm, RealmRepresentation rep) {
            policies.updateRealmRepresentationFromModel(realm, rep);
        }

        @Override
        public void close() {
            policies.close();
        }
    }
}
