package io.github.dpoprefresh.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The methods the rollout figures call, which {@link KeycloakContract#requireHooks} looks for in the running Keycloak
 * at start, exist in the API compiled against: a typo in that list would stop every server.
 */
class FiguresContractTest {

    @Test
    void everyMethodTheStartUpCheckLooksForExistsInTheCompiledApi() {
        assertThat(KeycloakContract.figuresMethods()).isNotEmpty();
        KeycloakContract.figuresMethods().forEach((type, methods) -> methods.forEach((name, parameters) ->
                assertThatCode(() -> type.getMethod(name, parameters)).as(type.getSimpleName() + "." + name)
                        .doesNotThrowAnyException()));
    }
}
