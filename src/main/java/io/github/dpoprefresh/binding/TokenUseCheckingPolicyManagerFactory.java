package io.github.dpoprefresh.binding;

import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.ClientPolicyManagerFactory;
import org.keycloak.services.clientpolicy.DefaultClientPolicyManagerFactory;
import org.keycloak.services.clientpolicy.context.LogoutRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRevokeContext;

/**
 * Keycloak's client-policy manager, which the logout ({@code LogoutEndpoint.logoutToken}) and revocation
 * ({@code TokenRevocationEndpoint.revoke}) endpoints call before they use a refresh token, with
 * {@link RefreshBinding#beforeRefreshTokenUse} run first. No realm policy is involved: nothing to configure, nothing
 * an admin can delete, and client updates are never blocked. Same provider id as Keycloak's, higher order.
 */
public final class TokenUseCheckingPolicyManagerFactory
        extends KeycloakFactoryDecorator<DefaultClientPolicyManagerFactory> implements ClientPolicyManagerFactory {

    public TokenUseCheckingPolicyManagerFactory() {
        super(new DefaultClientPolicyManagerFactory());
    }

    @Override
    public ClientPolicyManager create(KeycloakSession session) {
        return new Manager(keycloakFactory.create(session), session);
    }

    private record Manager(ClientPolicyManager policies, KeycloakSession session) implements ClientPolicyManager {

        @Override
        public void triggerOnEvent(ClientPolicyContext context) throws ClientPolicyException {
            if (context instanceof LogoutRequestContext logout && logout.getParams() != null) {
                session.getProvider(RefreshBinding.class).beforeRefreshTokenUse(logout.getClient(),
                        logout.getParams().getFirst(OAuth2Constants.REFRESH_TOKEN), EventType.LOGOUT);
            } else if (context instanceof TokenRevokeContext revoke && revoke.getParams() != null) {
                session.getProvider(RefreshBinding.class).beforeRefreshTokenUse(revoke.getClient(),
                        revoke.getParams().getFirst("token"), EventType.REVOKE_GRANT);
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
