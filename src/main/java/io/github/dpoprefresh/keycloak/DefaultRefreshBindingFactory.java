package io.github.dpoprefresh.keycloak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.dpoprefresh.binding.Settings;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.SignatureProviders;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Reads the settings once, at start, checks the running Keycloak, puts the metric series at zero ({@link ZeroSeries})
 * and hands every request a {@link ProofGate}.
 */
public final class DefaultRefreshBindingFactory implements RefreshBindingFactory, ServerInfoAwareProviderFactory {

    private static final Logger LOG = Logger.getLogger(DefaultRefreshBindingFactory.class);

    private Settings settings = Settings.defaults();
    private SignatureProviders signatures = SignatureProviders.jdk();
    private ProofValidator validator;
    /** One theft WARN per user session and minute. */
    private final WarnThrottle theftWarnings = new WarnThrottle(60, 10_000);
    private final StoredSettings stored = new StoredSettings();

    @Override
    public RefreshBinding create(KeycloakSession session) {
        return new ProofGate(session, settings, validator, theftWarnings, stored);
    }

    @Override
    public void init(Config.Scope config) {
        KeycloakContract.requireSupportedVersion();
        settings = Settings.from(config::get);
        validator = new ProofValidator(settings.policy(), Time::currentTime, signatures);
        LOG.debugf("DPoP refresh-token binding settings: %s", settings.describe());
    }

    /** Keycloak's crypto provider has registered BouncyCastle by now (it does so before providers start). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakContract.requireHooks(factory);
        signatures = SignatureProviders.fastest();
        validator = new ProofValidator(settings.policy(), Time::currentTime, signatures);
        LOG.debugf("DPoP proof signatures verified by: %s", signatures.describe());
        factory.register(new ZeroSeries(factory, stored)::onEvent);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return Settings.PROVIDER;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (Settings.Option option : Settings.options()) {
            var property = builder.property().name(option.name()).type(option.type())
                    .defaultValue(option.defaultValue()).helpText(option.help());
            if (!option.choices().isEmpty()) {
                property.options(option.choices());
            }
            property.add();
        }
        return builder.build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        String version = DefaultRefreshBindingFactory.class.getPackage().getImplementationVersion();
        info.put("version", version != null ? version : "unknown");
        info.put("keycloak", KeycloakVersion.running());
        info.putAll(settings.describe());
        info.put("signature-provider", signatures.describe());
        return info;
    }
}
