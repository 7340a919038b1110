package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.dpoprefresh.it.support.DpopFeature;
import io.github.dpoprefresh.it.support.InBothDpopModes;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.NodeTestRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * A JavaScript app with openid-client (npm), {@code src/test/js/dpop-client.test.mjs}, against the real server: code +
 * PKCE through the demo realm's login form, refresh, theft refused, the library's own {@code use_dpop_nonce} retry,
 * revocation with a proof. The script runs once per Keycloak configuration; each of its tests is one test here.
 */
@DisplayName("JavaScript client (openid-client)")
@InBothDpopModes
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsClientIT {

    @Parameter
    DpopFeature feature;

    static final String REALM = "dpop-demo";
    /** The demo realm's public client with {@code dpop.refresh.require-nonce=true} (realm-export/). */
    static final String NONCE_CLIENT = "nonce-app";
    static final Path SCRIPT = Paths.get(System.getProperty("js.client.dir", "src/test/js"), "dpop-client.test.mjs");
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** The script's tests, by name: a test that did not run fails here too. */
    static final List<String> SCENARIOS = List.of(
            "code + PKCE through the login form: the refresh token is bound to the key, the access token stays Bearer",
            "refresh with a fresh proof of the same key: a new refresh token, still bound to the key",
            "the refresh token with a proof of another key (a thief): invalid_grant",
            "the refresh token without a proof (a thief without a key): invalid_dpop_proof",
            "after the refused attempts the app still refreshes with its key",
            "server nonce: openid-client retries use_dpop_nonce by itself, at the code exchange and at a refresh",
            "revocation of the bound refresh token needs a proof for the revocation endpoint");

    KeycloakServer server;
    NodeTestRun run;

    @BeforeParameterizedClassInvocation
    void runScript() {
        server = feature.server();
        // the script runs against the demo realm as it is imported, as the README runs it against the demo
        assertThat(server.admin().client(REALM, NONCE_CLIENT).path("attributes").path("dpop.refresh.require-nonce")
                .asText()).as("the demo realm's %s asks for server nonces", NONCE_CLIENT).isEqualTo("true");
        Path log = Paths.get(System.getProperty("work.dir", "target/it"), "js-client-" + server.name() + ".log");
        run = NodeTestRun.run(SCRIPT, Map.of("KEYCLOAK_URL", server.baseUri().toString(),
                "REALM", REALM, "CLIENT", "native-app", "NONCE_CLIENT", NONCE_CLIENT,
                "USERNAME", "demo", "PASSWORD", "demo"), log, TIMEOUT);
    }

    @Test
    void scriptRunsExactlyTheseTestsAndExitsWithZero() {
        assertThat(run.names()).as(run.output()).containsExactlyElementsOf(SCENARIOS);
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @TestFactory
    Stream<DynamicTest> eachScenarioPasses() {
        return SCENARIOS.stream().map(name -> dynamicTest(name,
                () -> assertThat(run.results().get(name)).as("%s%n%s", name, run.output()).isTrue()));
    }
}
