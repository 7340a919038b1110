package io.github.dpoprefresh.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

import jakarta.ws.rs.core.UriInfo;

import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.provider.ProviderFactory;

/**
 * The smallest {@link KeycloakSession} that Keycloak's own DPoP proof validation
 * ({@code org.keycloak.services.util.DPoPUtil.Validator#validate()}, Keycloak 26.7.3) runs with: it serves exactly the
 * calls that validation makes, and throws on any other, so that a Keycloak version that asks for more fails the
 * benchmark's setup instead of being measured wrong.
 *
 * <ul>
 * <li>{@code session.getKeycloakSessionFactory().getProviderFactoriesStream(SignatureProvider.class)} and
 * {@code getProviderFactory(SignatureProvider.class, alg)}: Keycloak's REAL signature provider factories, found as the
 * server finds them (the {@link ServiceLoader} entries of keycloak-services: RS/PS/ES 256-512, HS 256-512, EdDSA).
 * Their {@code init}/{@code postInit} are {@link SignatureProviderFactory}'s no-op defaults, so none is called.</li>
 * <li>{@code session.getProvider(SignatureProvider.class, alg)}: {@code factory.create(session)}, kept per session as
 * {@code DefaultKeycloakSession} keeps providers; {@link #newRequest()} empties that cache, as a new request's
 * session starts empty.</li>
 * <li>{@code session.singleUseObjects().putIfAbsent(key, lifespan)}: always {@code true}. STUBBED: the replay store
 * (Infinispan in the server) is replaced by an always-new store, so that only the validation is measured.</li>
 * </ul>
 * Calls are dispatched through {@link Proxy} (reflection): a fraction of a microsecond per validation, included in the
 * measured time.
 */
final class KeycloakSessionStub {

    private final Map<String, SignatureProviderFactory> factories = new LinkedHashMap<>();
    private final Map<String, SignatureProvider> providers = new HashMap<>();
    private final KeycloakSessionFactory sessionFactory;
    private final SingleUseObjectProvider singleUseObjects;
    private final KeycloakSession session;

    KeycloakSessionStub() {
        for (SignatureProviderFactory factory : ServiceLoader.load(SignatureProviderFactory.class,
                KeycloakSessionStub.class.getClassLoader())) {
            factories.put(factory.getId(), factory);
        }
        if (factories.isEmpty()) {
            throw new IllegalStateException("no org.keycloak.crypto.SignatureProviderFactory on the classpath (keycloak-services)");
        }
        sessionFactory = proxy(KeycloakSessionFactory.class, (method, args) -> {
            if (method.getName().equals("getProviderFactoriesStream") && args.length == 1
                    && args[0] == SignatureProvider.class) {
                return factories.values().stream().map(factory -> (ProviderFactory<?>) factory);
            }
            if (method.getName().equals("getProviderFactory") && args.length == 2 && args[0] == SignatureProvider.class) {
                return factories.get((String) args[1]);
            }
            throw unserved(KeycloakSessionFactory.class, method, args);
        });
        singleUseObjects = proxy(SingleUseObjectProvider.class, (method, args) -> {
            if (method.getName().equals("putIfAbsent")) {
                return true; // always new: the replay store is not measured
            }
            throw unserved(SingleUseObjectProvider.class, method, args);
        });
        session = proxy(KeycloakSession.class, (method, args) -> {
            switch (method.getName()) {
                case "getKeycloakSessionFactory":
                    return sessionFactory;
                case "singleUseObjects":
                    return singleUseObjects;
                case "getProvider":
                    if (args.length == 2 && args[0] == SignatureProvider.class && args[1] instanceof String algorithm) {
                        return provider(algorithm);
                    }
                    break;
                default:
                    break;
            }
            throw unserved(KeycloakSession.class, method, args);
        });
    }

    KeycloakSession session() {
        return session;
    }

    /** A new request: its session has created no provider yet. */
    void newRequest() {
        providers.clear();
    }

    /** A {@link UriInfo} that serves {@code getAbsolutePath()} only: the request URI, as the server has parsed it. */
    static UriInfo uriInfo(URI absolutePath) {
        return proxy(UriInfo.class, (method, args) -> {
            if (method.getName().equals("getAbsolutePath")) {
                return absolutePath;
            }
            throw unserved(UriInfo.class, method, args);
        });
    }

    /** As {@code DefaultKeycloakSession.getProvider(Class, String)}: created once per session, null when unknown. */
    private SignatureProvider provider(String algorithm) {
        SignatureProvider provider = providers.get(algorithm);
        if (provider == null) {
            SignatureProviderFactory factory = factories.get(algorithm);
            if (factory != null) {
                provider = factory.create(session);
                providers.put(algorithm, provider);
            }
        }
        return provider;
    }

    private interface Served {
        Object answer(Method method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Served served) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "benchmark stub of " + type.getSimpleName();
                };
            }
            return served.answer(method, args == null ? new Object[0] : args);
        };
        return (T) Proxy.newProxyInstance(KeycloakSessionStub.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static UnsupportedOperationException unserved(Class<?> type, Method method, Object[] args) {
        return new UnsupportedOperationException("the benchmark's stub of " + type.getSimpleName() + " does not serve "
                + method.getName() + java.util.Arrays.toString(args));
    }
}
