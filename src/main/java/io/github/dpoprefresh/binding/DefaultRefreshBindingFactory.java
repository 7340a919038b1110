package io.github.dpoprefresh.binding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.SignatureProviders;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Reads the settings once, at start, and hands every request a {@link ProofGate}. */
public final class DefaultRefreshBindingFactory implements RefreshBindingFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultRefreshBindingFactory.class);

    private Settings settings = Settings.defaults();
    private SignatureProviders signatures = SignatureProviders.jdk();
    private ProofValidator validator;

    @Override
    public RefreshBinding create(KeycloakSession session) {
        return new ProofGate(session, settings, validator);
    }

    @Override
    public void init(Config.Scope config) {
        settings = Settings.from(config);
        validator = new ProofValidator(settings.policy(), Time::currentTime, signatures);
        LOG.debugf("DPoP refresh-token binding settings: %s", settings.describe());
    }

    /** Keycloak's crypto provider has registered BouncyCastle by now (it does so before providers start). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        signatures = SignatureProviders.fastest();
        validator = new ProofValidator(settings.policy(), Time::currentTime, signatures);
        LOG.debugf("DPoP proof signatures verified by: %s", signatures.describe());
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return Settings.metadata();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        String version = DefaultRefreshBindingFactory.class.getPackage().getImplementationVersion();
        info.put("version", version != null ? version : "unknown");
        info.putAll(settings.describe());
        info.put("signature-provider", signatures.describe());
        return info;
    }
}
