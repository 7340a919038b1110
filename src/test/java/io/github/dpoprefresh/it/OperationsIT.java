package io.github.dpoprefresh.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.Json;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TestRealm;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an operator sees and sets: server-wide options ({@code --spi-dpop-refresh--default--...}), the server info
 * page, events and metrics. Runs on a server of its own, started with non-default options and metrics on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("operating it: options, server info, events, metrics")
class OperationsIT {

    static final String REALM = "operations";
    static final String APP = "ops-app";
    /** required; and a public client with the setting off, switched on by a test */
    static final String STRICT_APP = "ops-strict-app";
    static final String OFF_APP = "ops-off-app";

    /** Every metric with the label keys of all its series; the new per-client one has the same keys on every series. */
    static final Map<String, Set<String>> METRICS = Map.of(
            "dpop_refresh_proofs_total", Set.of("realm", "outcome", "reason"),
            "dpop_refresh_bindings_total", Set.of("realm", "binding"),
            "dpop_refresh_nonce_challenges_total", Set.of("realm"),
            "dpop_refresh_thefts_total", Set.of("realm", "response"),
            "dpop_refresh_client_requests_total", Set.of("realm", "client_id", "grant", "outcome"));

    KeycloakServer server;
    OAuthClient client;
    /** The scrape right after the realm and its clients were created, before any token request. */
    String freshScrape;

    @BeforeAll
    void start() throws Exception {
        server = KeycloakServers.get("settings", "--metrics-enabled=true",
                "--spi-dpop-refresh--default--algorithms=ES256,EdDSA",
                "--spi-dpop-refresh--default--max-age=20",
                "--spi-dpop-refresh--default--unbound-refresh-with-proof=keep-unbound");
        server.admin().createRealm(Map.of("realm", REALM, "enabled", true, "eventsEnabled", true,
                "enabledEventTypes", TestRealm.STORED_EVENTS));
        server.admin().createClient(REALM, TestRealm.publicClient(APP, "optional"));
        server.admin().createClient(REALM, TestRealm.publicClient(STRICT_APP, "required"));
        server.admin().createClient(REALM, TestRealm.publicClient(OFF_APP, null));
        freshScrape = scrape();
        server.admin().createUser(REALM, "bob", "bob-password");
        client = server.oauth(REALM, APP);
    }

    TokenResponse password(String... proofs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", APP);
        form.put("username", "bob");
        form.put("password", "bob-password");
        return client.token(form, proofs);
    }

    String proof(ProofKey key) {
        return key.proof("POST", server.tokenEndpoint(REALM));
    }

    @Test
    void serverInfoShowsTheEffectiveSettings() {
        JsonNode info = server.admin().serverInfo().path("providers").path("dpop-refresh").path("providers")
                .path("default").path("operationalInfo");
        assertThat(info.path("algorithms").asText()).isEqualTo("ES256,EdDSA");
        assertThat(info.path("max-age").asText()).isEqualTo("20 s");
        assertThat(info.path("clock-skew").asText()).isEqualTo("30 s");
        assertThat(info.path("unbound-refresh-with-proof").asText()).isEqualTo("keep-unbound");
        assertThat(info.path("version").asText()).isNotBlank();
        // Keycloak's default distribution registers BouncyCastle before providers start: EC and EdDSA proofs use it
        assertThat(info.path("signature-provider").asText()).startsWith("BC for ES256");
    }

    @Test
    void algorithmsOutsideTheConfiguredListAreRefused() {
        TokenResponse refused = password(proof(ProofKey.rs256()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_dpop_proof");
        assertThat(refused.errorDescription()).contains("ES256", "EdDSA").doesNotContain("RS256");

        ProofKey key = ProofKey.edDsa();
        TokenResponse tokens = password(proof(key));
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.refreshTokenClaims().path("cnf").path("jkt").asText()).isEqualTo(key.thumbprint());
    }

    @Test
    void configuredMaxAgeApplies() {
        ProofKey key = ProofKey.es256();
        long now = System.currentTimeMillis() / 1000;
        // max age 20 s + clock skew 30 s: 55 s is too old here, though the default window (60 s) would take it
        TokenResponse refused = password(key.proof("POST", server.tokenEndpoint(REALM), now - 55));
        assertThat(refused.error()).isEqualTo("invalid_dpop_proof");
        assertThat(refused.errorDescription()).contains("too old");
    }

    @Test
    void keepUnboundLeavesUnboundRefreshTokensUnboundButChecksTheProof() {
        TokenResponse unbound = password();
        assertThat(unbound.refreshTokenClaims().has("cnf")).isFalse();

        TokenResponse badProof = client.refresh(unbound.refreshToken(), "garbage");
        assertThat(badProof.error()).isEqualTo("invalid_dpop_proof");

        TokenResponse refreshed = client.refresh(unbound.refreshToken(), proof(ProofKey.es256()));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.refreshTokenClaims().has("cnf")).isFalse();
    }

    @Test
    void successEventsSayWhatWasBound() {
        ProofKey key = ProofKey.es256();
        TokenResponse tokens = password(proof(key));
        TokenResponse refreshed = client.refresh(tokens.refreshToken(), proof(key));
        assertThat(refreshed.status()).isEqualTo(200);

        JsonNode refresh = server.admin().events(REALM, Map.of("type", "REFRESH_TOKEN", "client", APP)).get(0);
        assertThat(refresh.path("details").path("dpop_bound").asText()).isEqualTo("kept");
        JsonNode login = server.admin().events(REALM, Map.of("type", "LOGIN", "client", APP)).get(0);
        assertThat(login.path("details").path("dpop_bound").asText()).isEqualTo("new");
        assertThat(refresh.toString()).doesNotContain(key.thumbprint());
    }

    @Test
    void metricsCountProofsRefusalsAndBindings() throws Exception {
        double accepted = metric("dpop_refresh_proofs_total", "outcome=\"accepted\"");
        double signature = metric("dpop_refresh_proofs_total", "reason=\"malformed\"");
        double kept = metric("dpop_refresh_bindings_total", "binding=\"kept\"");

        ProofKey key = ProofKey.es256();
        TokenResponse tokens = password(proof(key));
        client.refresh(tokens.refreshToken(), "garbage");
        assertThat(client.refresh(tokens.refreshToken(), proof(key)).status()).isEqualTo(200);

        assertThat(metric("dpop_refresh_proofs_total", "outcome=\"accepted\"")).isEqualTo(accepted + 2);
        assertThat(metric("dpop_refresh_proofs_total", "reason=\"malformed\"")).isEqualTo(signature + 1);
        assertThat(metric("dpop_refresh_bindings_total", "binding=\"kept\"")).isEqualTo(kept + 1);
    }

    /** The value of a counter of this realm in the Prometheus scrape, 0 when it does not exist yet. */
    double metric(String name, String... labels) throws Exception {
        return series(scrape(), name, labels).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The series of a metric of this realm whose labels contain all of {@code labels}: labels to value. */
    static Map<String, Double> series(String scrape, String name, String... labels) {
        Pattern line = Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        Map<String, Double> series = new LinkedHashMap<>();
        while (m.find()) {
            String found = m.group(1);
            if (found.contains("realm=\"" + REALM + "\"") && Stream.of(labels).allMatch(found::contains)) {
                series.put(found, Double.parseDouble(m.group(2)));
            }
        }
        return series;
    }

    String scrape() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUri() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body();
    }

    @Nested
    @DisplayName("metrics as operators expect")
    class MetricsForOperators {

        static final Pattern CLIENT_SERIES = Pattern.compile("client_id=\"([^\"]*)\"");

        @Test
        void everySeriesOfTheRealmAndItsBoundClientsIsThereAtZeroBeforeAnyRequest() {
            assertEverySeriesAtZero(freshScrape);
            // with the setting off, no series; switched to optional, its series appear at once
            assertThat(series(freshScrape, "dpop_refresh_client_requests_total", "client_id=\"" + OFF_APP + "\""))
                    .isEmpty();
        }

        @Test
        void aClientSwitchedToOptionalGetsItsSeriesAtOnce() throws Exception {
            server.admin().setClientAttributes(REALM, OFF_APP, Map.of("dpop.refresh.binding", "optional"));
            try {
                assertThat(series(scrape(), "dpop_refresh_client_requests_total", "client_id=\"" + OFF_APP + "\""))
                        .hasSize(12).allSatisfy((labels, value) -> assertThat(value).isZero());
            } finally {
                server.admin().setClientAttributes(REALM, OFF_APP, Collections.singletonMap("dpop.refresh.binding", null));
            }
        }

        @Test
        void afterARestartTheSeriesOfRealmsAndClientsInTheDatabaseAreThereAtZero() throws Exception {
            server.restart();
            assertEverySeriesAtZero(scrape());
            assertThat(server.logSinceLaunch()).doesNotContain("Could not register the zero metric series");
        }

        void assertEverySeriesAtZero(String scrape) {
            assertThat(series(scrape, "dpop_refresh_proofs_total", "outcome=\"rejected\"")).hasSize(17);
            assertThat(series(scrape, "dpop_refresh_proofs_total", "outcome=\"accepted\"", "reason=\"none\"")).hasSize(1);
            assertThat(series(scrape, "dpop_refresh_bindings_total")).hasSize(3);
            assertThat(series(scrape, "dpop_refresh_nonce_challenges_total")).hasSize(1);
            assertThat(series(scrape, "dpop_refresh_thefts_total")).hasSize(2);
            Map<String, Double> clients = series(scrape, "dpop_refresh_client_requests_total");
            assertThat(clients.keySet()).map(labels -> {
                Matcher m = CLIENT_SERIES.matcher(labels);
                return m.find() ? m.group(1) : null;
            }).containsOnly(APP, STRICT_APP).hasSize(24);
            METRICS.forEach((name, labelKeys) -> {
                Map<String, Double> all = series(scrape, name);
                assertThat(all).as(name).isNotEmpty().allSatisfy((labels, value) -> {
                    assertThat(value).as(labels).isZero();
                    assertThat(labelKeys(labels)).as(labels).isEqualTo(labelKeys);
                });
                assertThat(help(scrape, name)).as("# HELP of " + name).hasSizeGreaterThan(20);
            });
            assertThat(help(scrape, "dpop_refresh_client_requests_total")).contains("_other");
        }

        @Test
        void everyMetricTheDashboardAndTheRecordingRulesUseIsExposed() throws Exception {
            String scrape = scrape();
            Set<String> exposed = new TreeSet<>();
            Matcher series = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE).matcher(scrape);
            while (series.find()) {
                exposed.add(series.group(1));
            }
            List<String> rules = Files.readAllLines(Path.of("docs/prometheus/dpop-refresh-rules.yml"));
            Set<String> recorded = new TreeSet<>();
            List<String> expressions = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                Matcher record = Pattern.compile("^\\s*-?\\s*record:\\s*(\\S+)").matcher(rules.get(i));
                if (record.find()) {
                    recorded.add(record.group(1));
                }
                Matcher expr = Pattern.compile("^(\\s*)expr:\\s*(.*)$").matcher(rules.get(i));
                if (expr.find()) {
                    StringBuilder text = new StringBuilder(expr.group(2).equals("|") ? "" : expr.group(2));
                    // a block scalar: the lines indented deeper than "expr:"
                    while (i + 1 < rules.size() && (rules.get(i + 1).isBlank()
                            || indent(rules.get(i + 1)) > expr.group(1).length())) {
                        text.append('\n').append(rules.get(++i));
                    }
                    expressions.add(text.toString());
                }
            }
            JsonNode dashboard = Json.MAPPER.readTree(Path.of("docs/grafana/dpop-refresh.json").toFile());
            List<String> queries = new ArrayList<>();
            dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
            dashboard.path("templating").path("list").forEach(v -> {
                if (!"query".equals(v.path("type").asText())) {
                    return;
                }
                JsonNode query = v.path("query");
                queries.add(query.isObject() ? query.path("query").asText() : query.asText());
            });
            assertThat(recorded).isNotEmpty();
            assertThat(expressions).hasSizeGreaterThanOrEqualTo(recorded.size());
            assertThat(queries).hasSizeGreaterThan(5);

            Set<String> used = new TreeSet<>();
            Stream.concat(expressions.stream(), queries.stream()).forEach(e -> used.addAll(metricNames(e)));
            assertThat(used).as("metric names in the dashboard and the rules")
                    .containsAll(METRICS.keySet());
            for (String name : used) {
                if (name.contains(":")) {
                    assertThat(recorded).as("recorded by the rules").contains(name);
                } else {
                    assertThat(exposed).as("exposed by the server").contains(name);
                }
            }
        }

        @Test
        void aTokenRequestCountsForItsClientGrantAndOutcome() throws Exception {
            String[] withProof = {"client_id=\"" + APP + "\"", "grant=\"password\"", "outcome=\"with_proof\""};
            String[] withoutProof = {"client_id=\"" + APP + "\"", "grant=\"password\"", "outcome=\"without_proof\""};
            String[] refused = {"client_id=\"" + APP + "\"", "grant=\"password\"", "outcome=\"refused\""};
            double with = metric("dpop_refresh_client_requests_total", withProof);
            double without = metric("dpop_refresh_client_requests_total", withoutProof);
            double refusals = metric("dpop_refresh_client_requests_total", refused);

            assertThat(password(proof(ProofKey.es256())).status()).isEqualTo(200);
            assertThat(metric("dpop_refresh_client_requests_total", withProof)).isEqualTo(with + 1);

            assertThat(password().status()).isEqualTo(200);
            assertThat(password("garbage").status()).isEqualTo(400);
            assertThat(metric("dpop_refresh_client_requests_total", withProof)).isEqualTo(with + 1);
            assertThat(metric("dpop_refresh_client_requests_total", withoutProof)).isEqualTo(without + 1);
            assertThat(metric("dpop_refresh_client_requests_total", refused)).isEqualTo(refusals + 1);
        }
    }

    /** The label keys of a series' labels text. */
    static Set<String> labelKeys(String labels) {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"").matcher(labels);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** The text of the metric's {@code # HELP} line (with or without {@code _total}), "" when there is none. */
    static String help(String scrape, String name) {
        String base = name.replaceFirst("_total$", "");
        Matcher m = Pattern.compile("^# HELP " + base + "(?:_total)? (.*)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? m.group(1).trim() : "";
    }

    /** PromQL keywords that are not metric names. */
    static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan");

    /**
     * The metric names a PromQL expression (or Grafana variable query) reads: the identifiers left once quoted
     * strings, label matchers, grouping clauses, ranges and Grafana variables are taken out, and that do not call
     * (functions, aggregations). Grafana's {@code label_values(metric, label)} counts as its metric.
     */
    static Set<String> metricNames(String expression) {
        // Grafana's label_values(metric{...}, label): only the metric is one
        String e = expression.replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{[^}]*\\})?\\s*(?:,[^)]*)?\\)", "$1")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\$\\{?[a-zA-Z0-9_]+\\}?", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?[smhdwy]?\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(e);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    @Test
    void anInvalidOptionStopsTheServerAtStartWithAClearMessage() throws Exception {
        KeycloakServer broken = new KeycloakServer("invalid-option", List.of("--spi-dpop-refresh--default--max-age=soon"));
        try {
            assertThatThrownBy(broken::start).isInstanceOf(RuntimeException.class);
            assertThat(Files.readString(broken.logFile()))
                    .contains("Invalid value 'soon' for --spi-dpop-refresh--default--max-age");
        } finally {
            broken.stop();
        }
    }
}
