package io.github.dpoprefresh.binding;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** SPI {@value #NAME}: its one provider ({@code default}) carries the server-wide settings. */
public final class RefreshBindingSpi implements Spi {

    public static final String NAME = "dpop-refresh";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
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
