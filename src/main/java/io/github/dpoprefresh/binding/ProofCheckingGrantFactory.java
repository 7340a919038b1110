package io.github.dpoprefresh.binding;

import org.keycloak.Config;
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
 */
public abstract class ProofCheckingGrantFactory extends KeycloakFactoryDecorator<OAuth2GrantTypeFactory>
        implements OAuth2GrantTypeFactory, EnvironmentDependentProviderFactory {

    ProofCheckingGrantFactory(OAuth2GrantTypeFactory keycloakFactory) {
        super(keycloakFactory);
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ProofCheckingGrant(keycloakFactory.create(session), session.getProvider(RefreshBinding.class));
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
