package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.http.HttpRequest;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.services.clientpolicy.ClientPolicyManagerFactory;

/**
 * Our wrappers of Keycloak's internal interfaces declare every method those interfaces have (compiled against the
 * newest supported API, which has every method of the older ones), so that a default method Keycloak adds is never
 * silently answered by the interface instead of Keycloak's implementation: this fails when the API gains one.
 */
class WrappersDelegateEverythingTest {

    @ParameterizedTest(name = "{0} implements every method of {1}")
    @CsvSource({
            "io.github.dpoprefresh.keycloak.ProofCheckingGrant, org.keycloak.protocol.oidc.grants.OAuth2GrantType",
            "io.github.dpoprefresh.keycloak.ProofCheckingGrantFactory$RefreshToken, org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory",
            "io.github.dpoprefresh.keycloak.BindingPolicyManagerFactory$Manager, org.keycloak.services.clientpolicy.ClientPolicyManager",
            "io.github.dpoprefresh.keycloak.BindingPolicyManagerFactory, org.keycloak.services.clientpolicy.ClientPolicyManagerFactory",
            "io.github.dpoprefresh.keycloak.ProofHidingRequest, org.keycloak.http.HttpRequest",
            "io.github.dpoprefresh.keycloak.ProofHidingRequest$HidingHeaders, jakarta.ws.rs.core.HttpHeaders",
    })
    void everyMethodIsOurs(String wrapper, String api) throws ClassNotFoundException {
        Class<?> ours = Class.forName(wrapper);
        List<String> answeredByTheInterface = new ArrayList<>();
        for (Method method : Class.forName(api).getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                Method implementation = ours.getMethod(method.getName(), method.getParameterTypes());
                if (implementation.getDeclaringClass().isInterface()) {
                    answeredByTheInterface.add(method.toString());
                }
            } catch (NoSuchMethodException e) {
                answeredByTheInterface.add(method.toString());
            }
        }
        assertThat(answeredByTheInterface).as("methods of %s that %s does not implement", api, wrapper).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theListCoversEveryWrapper() {
        // the interfaces the extension wraps; add a row above for every new one
        assertThat(Arrays.asList(OAuth2GrantType.class, OAuth2GrantTypeFactory.class, ClientPolicyManager.class,
                ClientPolicyManagerFactory.class, HttpRequest.class, HttpHeaders.class)).hasSize(6);
    }
}
