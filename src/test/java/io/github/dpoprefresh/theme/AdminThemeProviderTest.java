package io.github.dpoprefresh.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.theme.Theme;

@DisplayName("The theme provider names and serves dpop-admin only when offered, only as an admin theme")
class AdminThemeProviderTest {

    @Test
    @DisplayName("offered: dpop-admin is listed and served as an admin theme, nothing else")
    void offered() throws IOException {
        Theme theme = adminTheme("dpop-admin");
        AdminThemeProvider provider = new AdminThemeProvider(theme);

        assertThat(provider.nameSet(Theme.Type.ADMIN)).containsExactly("dpop-admin");
        assertThat(provider.hasTheme("dpop-admin", Theme.Type.ADMIN)).isTrue();
        assertThat(provider.getTheme("dpop-admin", Theme.Type.ADMIN)).isSameAs(theme);

        assertThat(provider.nameSet(Theme.Type.LOGIN)).isEmpty();
        assertThat(provider.hasTheme("dpop-admin", Theme.Type.LOGIN)).isFalse();
        assertThat(provider.getTheme("dpop-admin", Theme.Type.LOGIN)).isNull();
        assertThat(provider.hasTheme("keycloak.v2", Theme.Type.ADMIN)).isFalse();
        assertThat(provider.getTheme("keycloak.v2", Theme.Type.ADMIN)).isNull();
    }

    @Test
    @DisplayName("not offered: no theme of any name or type")
    void notOffered() throws IOException {
        AdminThemeProvider provider = new AdminThemeProvider(null);
        for (Theme.Type type : Theme.Type.values()) {
            assertThat(provider.nameSet(type)).isEmpty();
            assertThat(provider.hasTheme("dpop-admin", type)).isFalse();
            assertThat(provider.getTheme("dpop-admin", type)).isNull();
        }
    }

    /** A theme that knows only its name. */
    private static Theme adminTheme(String name) {
        return (Theme) Proxy.newProxyInstance(Theme.class.getClassLoader(), new Class<?>[] {Theme.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getName")) {
                        return name;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
