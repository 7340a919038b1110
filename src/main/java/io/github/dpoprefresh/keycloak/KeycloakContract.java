package io.github.dpoprefresh.keycloak;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.dpoprefresh.binding.Settings;
import jakarta.ws.rs.core.HttpHeaders;
import io.github.dpoprefresh.keycloak.figures.Figures;
import io.github.dpoprefresh.keycloak.figures.FiguresEntities;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.ClientPolicyManagerFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.ClientPermissionEvaluator;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.timer.TimerProvider;

/**
 * What the extension relies on in the running Keycloak and can check without a request, checked at start: the
 * version first (every factory of ours asks, whichever Keycloak initialises first), then, once every provider is
 * known, that Keycloak picked our factories and has what {@link KeycloakDifferences} calls, and that our wrappers of
 * its internal interfaces implement every method the running interfaces have. Any gap stops the server with one
 * message, with or without {@code allow-untested-keycloak}.
 */
public final class KeycloakContract {

    /**
     * Our wrappers of Keycloak's internal interfaces, each with the interface it wraps. A method such an interface
     * gains in a newer Keycloak would be answered by its default (or fail as abstract) instead of reaching Keycloak.
     */
    static final Map<Class<?>, Class<?>> WRAPPERS = Map.of(
            ProofCheckingGrant.class, OAuth2GrantType.class,
            ProofCheckingGrantFactory.class, OAuth2GrantTypeFactory.class,
            BindingPolicyManagerFactory.Manager.class, ClientPolicyManager.class,
            BindingPolicyManagerFactory.class, ClientPolicyManagerFactory.class,
            ProofHidingRequest.class, HttpRequest.class,
            ProofHidingRequest.HidingHeaders.class, HttpHeaders.class);

    /**
     * What the rollout figures call on Keycloak's side besides the SPIs checked above, by type, name and parameters.
     * Made only when asked, after the version check: a class literal of a type an older Keycloak lacks (the
     * {@code fgap} package is 26.2's {@code permissions}) would fail this class's loading before the version's clear
     * refusal.
     */
    static Map<Class<?>, Map<String, Class<?>[]>> figuresMethods() {
        return Map.of(
                TimerProvider.class, Map.of("schedule", new Class<?>[] {Runnable.class, long.class, String.class},
                        "cancelTask", new Class<?>[] {String.class}),
                JpaConnectionProvider.class, Map.of("getEntityManager", new Class<?>[0]),
                ClientPermissionEvaluator.class, Map.of("canList", new Class<?>[0],
                        "requireView", new Class<?>[] {ClientModel.class}));
    }

    private static volatile boolean versionChecked;

    private KeycloakContract() {
    }

    /** From every factory's {@code init}: refuses an unsupported Keycloak before anything else can go wrong. */
    public static void requireSupportedVersion() {
        if (!versionChecked) {
            boolean allowUntested = Config.scope(Settings.SPI, Settings.PROVIDER)
                    .getBoolean(Settings.ALLOW_UNTESTED_KEYCLOAK, false);
            KeycloakVersion.requireSupported(KeycloakVersion.running(), allowUntested);
            versionChecked = true;
        }
    }

    /** From {@code postInit}: every provider is known now. */
    static void requireHooks(KeycloakSessionFactory factory) {
        List<String> gaps = new ArrayList<>();
        for (String grant : ProofCheckingGrantFactory.GRANT_TYPES) {
            ProviderFactory<?> chosen = factory.getProviderFactory(OAuth2GrantType.class, grant);
            if (!(chosen instanceof ProofCheckingGrantFactory)) {
                gaps.add("grant type '" + grant + "' is served by " + name(chosen) + ", not by this extension");
            }
        }
        // the rollout figures: their table (Keycloak's JPA entity SPI) and their admin endpoint; the timer and the
        // table itself are checked once the database is migrated (Figures)
        requireFactory(gaps, factory, JpaEntityProvider.class, FiguresEntities.ID, FiguresEntities.class,
                "the JPA entity provider");
        requireFactory(gaps, factory, AdminRealmResourceProvider.class, Figures.ID, Figures.class,
                "the admin realm resource");
        if (factory.getProviderFactory(TimerProvider.class) == null) {
            gaps.add("Keycloak has no timer (TimerProvider) to write the rollout figures");
        }
        try {
            figuresMethods().forEach((type, methods) -> methods.forEach((name, parameters) -> {
                try {
                    type.getMethod(name, parameters);
                } catch (NoSuchMethodException e) {
                    gaps.add("Keycloak has no " + type.getSimpleName() + "." + name + Arrays.stream(parameters)
                            .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")")));
                }
            }));
        } catch (LinkageError e) {
            gaps.add("Keycloak has no " + e.getMessage() + " (the rollout figures' endpoint needs it)");
        }
        ProviderFactory<?> policies = factory.getProviderFactory(ClientPolicyManager.class);
        if (!(policies instanceof BindingPolicyManagerFactory)) {
            gaps.add("the client-policy manager is " + name(policies) + ", not this extension's");
        }
        // compile-time constants: javac copied their values into our classes, so compare with the running ones
        requireConstant(gaps, "DPOP_SESSION_ATTRIBUTE", DPoPUtil.DPOP_SESSION_ATTRIBUTE);
        requireConstant(gaps, "DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE",
                DPoPUtil.DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE);
        WRAPPERS.forEach((wrapper, api) -> notDelegated(wrapper, api).forEach(method ->
                gaps.add(method + " is not implemented by " + wrapper.getSimpleName() + " (this version of the extension "
                        + "does not know it)")));
        String missing = KeycloakDifferences.missing();
        if (missing != null) {
            gaps.add("Keycloak has no " + missing);
        }
        if (!gaps.isEmpty()) {
            throw refusal(String.join("; ", gaps));
        }
    }

    /** The one message that stops the server, with what is missing. */
    public static IllegalStateException refusal(String gaps) {
        return new IllegalStateException("keycloak-dpop-refresh cannot guarantee DPoP-bound refresh tokens on Keycloak "
                + KeycloakVersion.running() + ", so the server does not start: " + gaps);
    }

    private static void requireFactory(List<String> gaps, KeycloakSessionFactory factory,
            Class<? extends Provider> provider, String id, Class<?> ours, String what) {
        ProviderFactory<?> chosen = factory.getProviderFactory(provider, id);
        if (!ours.isInstance(chosen)) {
            gaps.add(what + " '" + id + "' is " + name(chosen) + ", not this extension's");
        }
    }

    /**
     * The methods of {@code api}, as the running Keycloak has it, that {@code wrapper} does not implement itself.
     * Methods of the wrapper that an older interface lacks do not matter.
     */
    static List<String> notDelegated(Class<?> wrapper, Class<?> api) {
        List<String> missing = new ArrayList<>();
        for (Method method : api.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            boolean ours;
            try {
                ours = !wrapper.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass().isInterface();
            } catch (NoSuchMethodException e) {
                ours = false;
            }
            if (!ours) {
                missing.add(method.getDeclaringClass().getName() + "." + method.getName() + Arrays.stream(
                        method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")")));
            }
        }
        return missing;
    }

    private static void requireConstant(List<String> gaps, String field, String expected) {
        try {
            Object running = DPoPUtil.class.getField(field).get(null);
            if (!expected.equals(running)) {
                gaps.add("DPoPUtil." + field + " is '" + running + "', not '" + expected + "'");
            }
        } catch (ReflectiveOperationException e) {
            gaps.add("Keycloak has no DPoPUtil." + field);
        }
    }

    private static String name(ProviderFactory<?> factory) {
        return factory == null ? "nothing" : factory.getClass().getName();
    }
}
