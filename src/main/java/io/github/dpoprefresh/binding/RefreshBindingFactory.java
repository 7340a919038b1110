package io.github.dpoprefresh.binding;

import org.keycloak.provider.ProviderFactory;

public interface RefreshBindingFactory extends ProviderFactory<RefreshBinding> {
}
