package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Our wrappers of Keycloak's internal interfaces implement every method those interfaces have, so that a default
 * method Keycloak adds is never silently answered by the interface instead of Keycloak's implementation. The same
 * rule runs at start against the running Keycloak ({@link KeycloakContract#requireHooks}), which refuses to start on a
 * gap; here it runs against the API compiled against, and against a stand-in interface that gained a method.
 */
class WrappersDelegateEverythingTest {

    /** An interface as an older Keycloak had it. */
    interface OldApi {
        void kept();
    }

    /** The same interface, as a newer Keycloak has it: one more default method, and one more abstract one. */
    interface NewApi {
        void kept();

        default void gainedWithADefault() {
        }

        void gainedAbstract(String parameter);

        static void aStaticHelper() {
        }
    }

    /** A wrapper written for the old interface, with a method of its own besides. */
    static final class Wrapper {
        public void kept() {
        }

        public void ofItsOwn() {
        }
    }

    abstract static class NewWrapper extends Base implements NewApi {
    }

    abstract static class Base {
        public void kept() {
        }
    }

    @Test
    void everyWrapperImplementsEveryMethodOfTheCompiledApi() {
        KeycloakContract.WRAPPERS.forEach((wrapper, api) -> assertThat(KeycloakContract.notDelegated(wrapper, api))
                .as("methods of %s that %s does not implement", api, wrapper).isEmpty());
    }

    @Test
    void aMethodTheInterfaceGainedIsNamed() {
        assertThat(KeycloakContract.notDelegated(NewWrapper.class, NewApi.class)).containsExactlyInAnyOrder(
                NewApi.class.getName() + ".gainedWithADefault()", NewApi.class.getName() + ".gainedAbstract(String)");
        assertThat(KeycloakContract.notDelegated(Wrapper.class, NewApi.class)).hasSize(2);
    }

    @Test
    void methodsAnOlderInterfaceLacksAndInheritedImplementationsAreFine() {
        assertThat(KeycloakContract.notDelegated(Wrapper.class, OldApi.class)).isEmpty();
        assertThat(KeycloakContract.notDelegated(Base.class, OldApi.class)).isEmpty();
    }

    @Test
    void theListCoversEveryWrapper() {
        // every class of ours that implements an interface of Keycloak's or Jakarta's in this package
        assertThat(KeycloakContract.WRAPPERS).containsAllEntriesOf(Map.of(
                ProofCheckingGrant.class, org.keycloak.protocol.oidc.grants.OAuth2GrantType.class,
                ProofHidingRequest.HidingHeaders.class, jakarta.ws.rs.core.HttpHeaders.class)).hasSize(6);
    }
}
