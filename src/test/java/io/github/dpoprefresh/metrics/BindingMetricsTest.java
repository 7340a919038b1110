package io.github.dpoprefresh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.dpoprefresh.rollout.Grant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingMetricsTest {

    SimpleMeterRegistry registry;

    @BeforeEach
    void addRegistry() {
        registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
    }

    @Test
    void keptCountersCountInARegistryThatJoinsLaterAndEachTagSetIsItsOwn() {
        Metrics.removeRegistry(registry);
        BindingMetrics.proofAccepted("metrics-test");
        BindingMetrics.refused("metrics-test", "signature");
        Metrics.addRegistry(registry);

        BindingMetrics.proofAccepted("metrics-test");
        BindingMetrics.proofAccepted("metrics-test");
        BindingMetrics.refused("metrics-test", "signature");
        BindingMetrics.refused("metrics-test", "htu");
        BindingMetrics.bound("metrics-test", "kept");
        BindingMetrics.nonceChallenged("metrics-test");
        BindingMetrics.theftDetected("metrics-test", "reject");
        BindingMetrics.proofAccepted("other-realm");

        assertThat(count("dpop.refresh.proofs", "realm", "metrics-test", "outcome", "accepted", "reason", "none")).isEqualTo(2);
        assertThat(count("dpop.refresh.proofs", "realm", "metrics-test", "outcome", "rejected", "reason", "signature")).isEqualTo(1);
        assertThat(count("dpop.refresh.proofs", "realm", "metrics-test", "outcome", "rejected", "reason", "htu")).isEqualTo(1);
        assertThat(count("dpop.refresh.bindings", "realm", "metrics-test", "binding", "kept")).isEqualTo(1);
        assertThat(count("dpop.refresh.nonce.challenges", "realm", "metrics-test")).isEqualTo(1);
        assertThat(count("dpop.refresh.thefts", "realm", "metrics-test", "response", "reject")).isEqualTo(1);
        assertThat(count("dpop.refresh.proofs", "realm", "other-realm", "outcome", "accepted", "reason", "none")).isEqualTo(1);
    }

    @Test
    void aRealmsSeriesArePresentAtZeroWithTheirDescription() {
        BindingMetrics.realmSeries("zero-realm");

        List<Counter> counters = registry.find("dpop.refresh.proofs").tag("realm", "zero-realm").counters().stream().toList();
        assertThat(counters).extracting(c -> c.getId().getTag("reason")).containsExactlyInAnyOrder(
                "none", "missing", "multiple", "too_large", "malformed", "typ", "algorithm", "key", "signature",
                "claims", "htm", "htu", "iat", "replay", "key_mismatch", "nonce", "nonce_unavailable", "client");
        assertThat(tagValues("dpop.refresh.bindings", "zero-realm", "binding")).containsExactlyInAnyOrder("new", "kept", "upgraded");
        assertThat(tagValues("dpop.refresh.thefts", "zero-realm", "response")).containsExactlyInAnyOrder("reject", "revoke-session");
        assertThat(registry.find("dpop.refresh.nonce.challenges").tag("realm", "zero-realm").counters()).hasSize(1);
        assertThat(registry.getMeters().stream().filter(m -> "zero-realm".equals(m.getId().getTag("realm"))))
                .allSatisfy(m -> {
                    assertThat(((Counter) m).count()).isZero();
                    assertThat(m.getId().getDescription()).isNotBlank();
                });
    }

    @Test
    void aClientsSeriesArePresentAtZeroForEveryGrantAndOutcomeWithTheSameTagKeys() {
        ClientMetrics.clientSeries("client-realm", "native-app");

        List<Meter> meters = registry.find(ClientMetrics.CLIENT_REQUESTS).tag("realm", "client-realm").meters().stream().toList();
        assertThat(meters).hasSize(12).allSatisfy(m -> {
            assertThat(m.getId().getTags()).extracting(t -> t.getKey())
                    .containsExactly("client_id", "grant", "outcome", "realm");
            assertThat(m.getId().getDescription()).contains("with_proof");
            assertThat(((Counter) m).count()).isZero();
        });
        assertThat(meters).extracting(m -> m.getId().getTag("grant") + "/" + m.getId().getTag("outcome"))
                .contains("authorization_code/with_proof", "refresh_token/without_proof", "password/refused",
                        "device_code/with_proof");
    }

    @Test
    void clientRequestsCountPerClientGrantAndOutcome() {
        ClientMetrics.clientRequest("count-realm", "app", Grant.REFRESH, "with_proof");
        ClientMetrics.clientRequest("count-realm", "app", Grant.REFRESH, "with_proof");
        ClientMetrics.clientRequest("count-realm", "app", Grant.PASSWORD, "refused");
        ClientMetrics.clientRequest("count-realm", "app", null, "with_proof");
        ClientMetrics.clientRequest("count-realm", "app", Grant.REFRESH, "something");

        assertThat(clientCount("count-realm", "app", "refresh_token", "with_proof")).isEqualTo(2);
        assertThat(clientCount("count-realm", "app", "password", "refused")).isEqualTo(1);
        assertThat(clientCount("count-realm", "app", "password", "with_proof")).isZero();
        assertThat(registry.find(ClientMetrics.CLIENT_REQUESTS).tag("realm", "count-realm").counters()).hasSize(12);
    }

    @Test
    void clientsPastTheBoundShareTheOtherSeries() {
        for (int i = 0; i < ClientMetrics.CLIENTS_PER_REALM; i++) {
            ClientMetrics.clientSeries("big-realm", "app-" + i);
        }
        ClientMetrics.clientRequest("big-realm", "app-0", Grant.REFRESH, "without_proof");
        ClientMetrics.clientRequest("big-realm", "late-app", Grant.REFRESH, "without_proof");
        ClientMetrics.clientRequest("big-realm", "later-app", Grant.REFRESH, "without_proof");
        ClientMetrics.clientSeries("big-realm", "zero-late-app");
        ClientMetrics.clientRequest("other-small-realm", "late-app", Grant.REFRESH, "without_proof");

        assertThat(clientCount("big-realm", "app-0", "refresh_token", "without_proof")).isEqualTo(1);
        assertThat(clientCount("big-realm", "_other", "refresh_token", "without_proof")).isEqualTo(2);
        assertThat(clientCount("other-small-realm", "late-app", "refresh_token", "without_proof")).isEqualTo(1);
        Set<String> clients = registry.find(ClientMetrics.CLIENT_REQUESTS).tag("realm", "big-realm").counters().stream()
                .map(c -> c.getId().getTag("client_id")).collect(Collectors.toSet());
        assertThat(clients).hasSize(ClientMetrics.CLIENTS_PER_REALM + 1).contains("_other")
                .doesNotContain("late-app", "later-app", "zero-late-app");
    }

    @Test
    void requestsOfNoClientCountAsOtherWithoutUsingUpTheBound() {
        ClientMetrics.clientRequest("null-realm", null, Grant.PASSWORD, "refused");
        ClientMetrics.clientRequest("null-realm", "app", Grant.PASSWORD, "refused");

        assertThat(clientCount("null-realm", "_other", "password", "refused")).isEqualTo(1);
        assertThat(clientCount("null-realm", "app", "password", "refused")).isEqualTo(1);
    }

    @Test
    void everyMetricHasADescription() {
        assertThat(BindingMetrics.DESCRIPTIONS).containsOnlyKeys(BindingMetrics.PROOFS, BindingMetrics.BINDINGS,
                BindingMetrics.NONCE_CHALLENGES, BindingMetrics.THEFTS, ClientMetrics.CLIENT_REQUESTS);
        assertThat(BindingMetrics.DESCRIPTIONS.values()).allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Test
    void exportedOnlyWithARegistry() {
        assertThat(BindingMetrics.exported()).isTrue();
        Metrics.removeRegistry(registry);
        assertThat(BindingMetrics.exported()).isEqualTo(!Metrics.globalRegistry.getRegistries().isEmpty());
        Metrics.addRegistry(registry);
    }

    private Set<String> tagValues(String name, String realm, String tag) {
        return registry.find(name).tag("realm", realm).counters().stream().map(c -> c.getId().getTag(tag))
                .collect(Collectors.toSet());
    }

    private double clientCount(String realm, String clientId, String grant, String outcome) {
        return count(ClientMetrics.CLIENT_REQUESTS, "realm", realm, "client_id", clientId, "grant", grant,
                "outcome", outcome);
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
