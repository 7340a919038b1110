package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.BindingMode;
import io.github.dpoprefresh.binding.ClientSettings;
import io.github.dpoprefresh.metrics.ClientMetrics;
import io.github.dpoprefresh.rollout.Grant;
import io.github.dpoprefresh.rollout.RolloutCounter;
import org.keycloak.common.Profile;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * The rollout figures of this node: what {@link ProofGate} (successes) and {@link Answers} (refusals) count, per
 * client whose setting is {@code optional} or {@code required}, for the figures' store and the per-client metrics.
 * Counted on Keycloak's clock ({@link Time}), so that a time offset moves them as it moves tokens.
 */
public final class Rollout {

    private static final RolloutCounter NODE = new RolloutCounter();

    private Rollout() {
    }

    /** What this node counted since the store last took it. */
    public static RolloutCounter counter() {
        return NODE;
    }

    /**
     * Whether the client's requests are counted: its setting is {@code optional} or {@code required}, and its proofs
     * are ours to check (not with Keycloak's "Require DPoP bound tokens" while the {@code dpop} feature is on).
     */
    static boolean counts(ClientSettings settings, ClientModel client) {
        return settings.mode() != BindingMode.OFF
                && !(RequestClient.keycloakBindsDPoP(client) && Profile.isFeatureEnabled(Profile.Feature.DPOP));
    }

    /**
     * The client's setting as its figures are counted: {@code off} for a client whose requests are not counted
     * (confidential, disabled, or bound by Keycloak's own switch while the {@code dpop} feature is on).
     */
    public static BindingMode countedMode(ClientModel client) {
        ClientSettings settings = new StoredSettings().of(client);
        return counts(settings, client) ? settings.mode() : BindingMode.OFF;
    }

    /** A token request answered with tokens; {@code presented} is the refresh token it presented, or null. */
    static void granted(RealmModel realm, ClientModel client, String grantType, boolean withProof,
            PresentedToken presented) {
        Grant grant = Grant.of(grantType);
        if (grant == null) {
            return;
        }
        long now = Time.currentTimeMillis();
        NODE.granted(realm.getId(), client.getId(), grant, withProof, now);
        if (grant == Grant.REFRESH && presented != null && presented.boundThumbprint() == null) {
            // the grant succeeded, so Keycloak verified the token: its session is the one that refreshed
            NODE.unboundRefresh(realm.getId(), client.getId(), withProof ? null : presented.token().getSessionId(),
                    now);
        }
        ClientMetrics.clientRequest(realm.getName(), client.getClientId(), grant,
                withProof ? "with_proof" : "without_proof");
    }

    /** A token request refused with the reason's code. */
    static void refused(RealmModel realm, ClientModel client, String grantType, String reason) {
        Grant grant = Grant.of(grantType);
        if (grant == null || client == null || !counts(ClientSettings.read(client::getAttribute), client)) {
            return;
        }
        NODE.refused(realm.getId(), client.getId(), grant, reason, Time.currentTimeMillis());
        ClientMetrics.clientRequest(realm.getName(), client.getClientId(), grant, "refused");
    }
}
