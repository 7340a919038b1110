package io.github.dpoprefresh.theme;

import java.util.Set;

import org.keycloak.theme.Theme;
import org.keycloak.theme.ThemeProvider;

/** Serves the one admin theme {@link AdminThemeProviderFactory} offers, or nothing. */
final class AdminThemeProvider implements ThemeProvider {

    private final Theme theme;

    /** {@code theme} null: this server is offered no theme. */
    AdminThemeProvider(Theme theme) {
        this.theme = theme;
    }

    @Override
    public int getProviderPriority() {
        return 0;
    }

    @Override
    public Theme getTheme(String name, Theme.Type type) {
        return hasTheme(name, type) ? theme : null;
    }

    @Override
    public Set<String> nameSet(Theme.Type type) {
        return theme != null && type == Theme.Type.ADMIN ? Set.of(theme.getName()) : Set.of();
    }

    @Override
    public boolean hasTheme(String name, Theme.Type type) {
        return theme != null && type == Theme.Type.ADMIN && theme.getName().equals(name);
    }

    @Override
    public void close() {
    }
}
