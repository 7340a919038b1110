package io.github.dpoprefresh.theme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.github.dpoprefresh.keycloak.KeycloakVersion;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Version;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.theme.ClassLoaderTheme;
import org.keycloak.theme.Theme;
import org.keycloak.theme.ThemeProvider;
import org.keycloak.theme.ThemeProviderFactory;

/**
 * Offers the admin console theme {@value #THEME} only on servers of the Keycloak minor version its console was built
 * from, so that no server is ever shown a console of another minor. That version is the {@value #BUILT_FROM} line of
 * the theme's {@code theme.properties}, written by the theme build from the {@code @keycloak/keycloak-admin-ui}
 * package it used. Elsewhere the theme is absent: the theme list does not name it, and a realm whose admin theme is
 * {@value #THEME} gets Keycloak's default console.
 *
 * <p>It takes the place of a static {@code META-INF/keycloak-themes.json}, which Keycloak's
 * {@code JarThemeProviderFactory} would offer on every version.
 */
public final class AdminThemeProviderFactory implements ThemeProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "dpop-admin";
    static final String THEME = "dpop-admin";
    static final String BUILT_FROM = "dpopAdminUiVersion";
    private static final String PROPERTIES = "theme/" + THEME + "/admin/theme.properties";

    private static final Logger LOG = Logger.getLogger(AdminThemeProviderFactory.class);

    private String builtFrom;
    private Theme theme;

    @Override
    public ThemeProvider create(KeycloakSession session) {
        return new AdminThemeProvider(theme);
    }

    @Override
    public void init(Config.Scope config) {
        ClassLoader classLoader = AdminThemeProviderFactory.class.getClassLoader();
        builtFrom = builtFrom(classLoader);
        if (builtFrom == null) {
            LOG.infof("Admin console theme '%s' is not offered: this jar was built without it", THEME);
        } else if (!sameMinor(builtFrom, Version.VERSION)) {
            LOG.infof("Admin console theme '%s' is not offered: it is the admin console of Keycloak %s and this server "
                    + "is Keycloak %s. Set the DPoP refresh-token settings of clients with the admin REST API, "
                    + "kcadm.sh or a realm import", THEME, builtFrom, Version.VERSION);
        } else {
            theme = load(classLoader);
            LOG.debugf("Admin console theme '%s' (admin console %s) offered on Keycloak %s", THEME, builtFrom,
                    Version.VERSION);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("admin-console-version", builtFrom != null ? builtFrom : "none");
        info.put("offered", String.valueOf(theme != null));
        return info;
    }

    /** The admin-ui version the jar's theme was built from, or null when the jar has no theme. */
    private static String builtFrom(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(BUILT_FROM);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PROPERTIES, e);
        }
    }

    private static Theme load(ClassLoader classLoader) {
        try {
            // Keycloak's own theme of a provider jar (as JarThemeProviderFactory makes it), of the running version
            return new ClassLoaderTheme(THEME, Theme.Type.ADMIN, classLoader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the admin console theme " + THEME, e);
        }
    }

    /** Whether both versions are known and of the same minor version. */
    static boolean sameMinor(String a, String b) {
        String minor = KeycloakVersion.minor(a);
        return minor != null && minor.equals(KeycloakVersion.minor(b));
    }
}
