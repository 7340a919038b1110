package io.github.dpoprefresh.keycloak;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.AuthorizationCodeGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantTypeFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

/**
 * Keycloak's grant factory of the same id, making grants wrapped in a {@link ProofCheckingGrant}: the grant itself
 * stays Keycloak's.
 *
 * <p>The token request is checked here, when {@code TokenEndpoint.checkGrantType} asks the session for the grant:
 * in every supported version (26.4 to 26.7) that is before client authentication ({@code checkClient}) and before
 * Keycloak's own DPoP handling ({@code DPoPUtil.handleDPoPHeader}). ({@code OAuth2GrantType.preProcess}, which runs
 * a little later, exists only from 26.7 on.)
 */
public abstract class ProofCheckingGrantFactory extends KeycloakFactoryDecorator<OAuth2GrantTypeFactory>
        implements OAuth2GrantTypeFactory, EnvironmentDependentProviderFactory {

    /** The grant types we take the place of. */
    static final List<String> GRANT_TYPES = List.of(OAuth2Constants.AUTHORIZATION_CODE, OAuth2Constants.REFRESH_TOKEN,
            OAuth2Constants.PASSWORD, OAuth2Constants.DEVICE_CODE_GRANT_TYPE);

    ProofCheckingGrantFactory(OAuth2GrantTypeFactory keycloakFactory) {
        super(keycloakFactory);
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        RefreshBinding binding = session.getProvider(RefreshBinding.class);
        OAuth2GrantType grant = new ProofCheckingGrant(keycloakFactory.create(session), binding);
        if (session.getContext().getHttpRequest() != null) {
            // only TokenEndpoint asks for these grants, once per request (the session keeps the provider)
            binding.beforeTokenRequest(getId(), grant.getEventType());
        }
        return grant;
    }

    @Override
    public String getShortcut() {
        return keycloakFactory.getShortcut();
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return !(keycloakFactory instanceof EnvironmentDependentProviderFactory dependent) || dependent.isSupported(config);
    }

    /** {@code authorization_code}: the code exchange. */
    public static final class AuthorizationCode extends ProofCheckingGrantFactory {
        public AuthorizationCode() {
            super(new AuthorizationCodeGrantTypeFactory());
        }
    }

    /** {@code refresh_token}. */
    public static final class RefreshToken extends ProofCheckingGrantFactory {
        public RefreshToken() {
            super(new RefreshTokenGrantTypeFactory());
        }
    }

    /** {@code password}: resource owner password credentials. */
    public static final class Password extends ProofCheckingGrantFactory {
        public Password() {
            super(new ResourceOwnerPasswordCredentialsGrantTypeFactory());
        }
    }

    /** {@code urn:ietf:params:oauth:grant-type:device_code}. */
    public static final class DeviceCode extends ProofCheckingGrantFactory {
        public DeviceCode() {
            super(new DeviceGrantTypeFactory());
        }
    }
}
