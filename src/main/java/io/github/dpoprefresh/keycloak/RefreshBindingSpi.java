package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.Settings;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** SPI {@code dpop-refresh}: its one provider ({@code default}) carries the server-wide settings. */
public final class RefreshBindingSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return Settings.SPI;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return RefreshBinding.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return RefreshBindingFactory.class;
    }
}
