package io.github.dpoprefresh.binding;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.AuthorizationCodeGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantTypeFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;

/**
 * Takes the place of one of Keycloak's grant factories (same provider id, higher {@link #order()}:
 * {@code ProviderManager} keeps the factory with the highest order per id) and wraps the grants it makes in a
 * {@link ProofCheckingGrant}. The grant itself stays Keycloak's.
 */
public abstract class ProofCheckingGrantFactory implements OAuth2GrantTypeFactory, EnvironmentDependentProviderFactory {

    /** Above Keycloak's own grant factories, which keep the default order 0. */
    static final int ORDER = 100;

    private final OAuth2GrantTypeFactory keycloakFactory;

    ProofCheckingGrantFactory(OAuth2GrantTypeFactory keycloakFactory) {
        this.keycloakFactory = keycloakFactory;
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ProofCheckingGrant(keycloakFactory.create(session), session.getProvider(RefreshBinding.class));
    }

    @Override
    public void init(Config.Scope config) {
        keycloakFactory.init(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        keycloakFactory.postInit(factory);
    }

    @Override
    public void close() {
        keycloakFactory.close();
    }

    @Override
    public String getId() {
        return keycloakFactory.getId();
    }

    @Override
    public String getShortcut() {
        return keycloakFactory.getShortcut();
    }

    @Override
    public int order() {
        return ORDER;
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
