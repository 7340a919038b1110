package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.ClientSettings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.validation.ClientValidationContext;
import org.keycloak.validation.ClientValidationProvider;
import org.keycloak.validation.ClientValidationProviderFactory;
import org.keycloak.validation.DefaultClientValidationProviderFactory;
import org.keycloak.validation.ValidationContext;
import org.keycloak.validation.ValidationResult;

/**
 * Keycloak's client validation (run by the admin REST API, and so by the admin console and {@code kcadm.sh}, and by
 * client registration, on every create and update), with our attributes checked first: a client is not saved with a
 * value of ours that means nothing ({@code dpop.refresh.binding=requried}). Realm import validates no client in
 * Keycloak; such values are read as no weaker than {@code optional} and reported once ({@link ClientSettings}).
 */
public final class SettingsValidatingClientValidationFactory
        extends KeycloakFactoryDecorator<DefaultClientValidationProviderFactory> implements ClientValidationProviderFactory {

    public SettingsValidatingClientValidationFactory() {
        super(new DefaultClientValidationProviderFactory());
    }

    @Override
    public ClientValidationProvider create(KeycloakSession session) {
        return new Validator(keycloakFactory.create(session));
    }

    private record Validator(ClientValidationProvider keycloak) implements ClientValidationProvider {

        @Override
        public ValidationResult validate(ValidationContext<ClientModel> context) {
            check(context);
            return keycloak.validate(context);
        }

        @Override
        public ValidationResult validate(ClientValidationContext.OIDCContext context) {
            check(context);
            return keycloak.validate(context);
        }

        private static void check(ValidationContext<ClientModel> context) {
            ClientModel client = context.getObjectToValidate();
            for (String problem : ClientSettings.read(client::getAttribute).problems()) {
                context.addError("attributes", problem.replaceFirst(" \\(treated as .*\\)$", ""));
            }
        }

        @Override
        public void close() {
            keycloak.close();
        }
    }
}
