package io.github.dpoprefresh.keycloak;

import org.keycloak.provider.ProviderFactory;

public interface RefreshBindingFactory extends ProviderFactory<RefreshBinding> {
}
