/**
 * Integration-test harness: the real Keycloak distribution as a process, and plain-HTTP clients for it.
 *
 * <ul>
 *   <li>{@link io.github.dpoprefresh.it.support.KeycloakServers}: shared servers, started once per test JVM
 *       ({@code dpopFeatureOn()}, {@code dpopFeatureOff()}, {@code get(name, args...)}), and the Keycloak
 *       {@code version()} they run.</li>
 *   <li>{@link io.github.dpoprefresh.it.support.KeycloakServer}: one configuration (its ports, log, {@code version()});
 *       behind it {@code KeycloakHome} (preparing its directory: the copy, the provider jar, the build stamp),
 *       {@code KeycloakProcess} (running and stopping {@code kc.sh}), {@code ServerLog}, and the helpers
 *       {@code Processes} (waiting, ending a process tree), {@code Ports}, {@code FileTrees}, {@code HarnessSettings}
 *       (every system property).</li>
 *   <li>{@link io.github.dpoprefresh.it.support.KeycloakCluster} and
 *       {@link io.github.dpoprefresh.it.support.PostgresServer}: a two-node production cluster on PostgreSQL.</li>
 *   <li>{@link io.github.dpoprefresh.it.support.AdminApi}: admin REST calls ({@code server.admin()}).</li>
 *   <li>{@link io.github.dpoprefresh.it.support.OAuthClient}: token endpoint with any DPoP headers, raw HTTP/1.1
 *       ({@code RawHttp}), login with code + PKCE and the device flow through Keycloak's real pages
 *       ({@code LoginPages}; {@code server.oauth(realm, client)}).</li>
 * </ul>
 *
 * <pre>{@code
 * KeycloakServer kc = KeycloakServers.dpopFeatureOn();
 * OAuthClient app = kc.oauth("dpop-demo", "native-app");
 * AuthCode code = app.loginWithCode("demo", "demo");
 * TokenResponse tokens = app.exchangeCode(code, proof(tokenEndpoint, "POST"));   // proof: a DPoP JWT of your own
 * TokenResponse next = app.refresh(tokens.refreshToken(), proof(...));
 * assertThat(next.status()).isEqualTo(200);
 * assertThat(kc.admin().events("dpop-demo", Map.of("type", "REFRESH_TOKEN"))).isNotEmpty();
 * }</pre>
 *
 * System properties (set by failsafe in the pom, per execution of the version matrix): {@code keycloak.home} (the
 * distribution to run), {@code keycloak.version}, {@code keycloak.dist.dir} (where every distribution is unpacked),
 * {@code extension.jar}, {@code realm.import.dir}, {@code work.dir}; optional: {@code keycloak.it.fresh=true} (new
 * copies of the distribution), {@code keycloak.it.startup.timeout.seconds} (240), {@code keycloak.it.build.timeout.seconds}
 * (300 more when Keycloak runs its build step), {@code keycloak.it.parallel} (true: asking for one DPoP server starts
 * both), {@code keycloak.it.java.opts.append} ({@code -XX:TieredStopAtLevel=1}), {@code harness.trace=true} (print the
 * pages of browser flows).
 */
package io.github.dpoprefresh.it.support;
