package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.BindingMode;
import io.github.dpoprefresh.binding.BindingPolicy;
import io.github.dpoprefresh.binding.BindingPolicy.Check;
import io.github.dpoprefresh.binding.ClientSettings;
import io.github.dpoprefresh.binding.Outcome;
import io.github.dpoprefresh.binding.ProofDecision;
import io.github.dpoprefresh.binding.Refused;
import io.github.dpoprefresh.binding.Settings;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.ValidProof;
import io.github.dpoprefresh.replay.ReplayGuard;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.Profile;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.dpop.DPoP;

/**
 * The binding of one request: reads what Keycloak reads (the client, the refresh token, the proof), lets
 * {@link BindingPolicy} decide what to check and {@link RequestProof} check it (a refusal is answered there, in one
 * place), and hands an accepted proof to Keycloak's token code. Every check runs before the refresh token is verified, rotated or consumed: a client told
 * {@code invalid_dpop_proof} or {@code use_dpop_nonce} can retry with the same refresh token.
 */
final class ProofGate implements RefreshBinding {

    /** Success event detail: {@code new}, {@code kept} or {@code upgraded} when the refresh token issued is bound. */
    static final String DETAIL_BOUND = "dpop_bound";

    private static final Logger LOG = Logger.getLogger(ProofGate.class);

    private final KeycloakSession session;
    private final Settings settings;
    private final ProofValidator validator;
    private final StoredSettings stored;
    private final RequestProof proofs;

    /** What {@link #beforeTokenRequest} found; null until it ran. */
    private Checked checked;
    /** The refresh token the request presents, as it reads; a proof was accepted: for the figures. */
    private PresentedToken presented;
    private boolean proofAccepted;
    /** The grant's event, from {@link #beforeGrant}: its success carries {@link #DETAIL_BOUND}. */
    private EventBuilder grantEvent;

    /**
     * @param clientId the client the token request names
     * @param named    that client, or null when the realm has none of that id
     * @param outcome  what the grant's refresh token will be bound as, or null when unbound
     */
    private record Checked(String clientId, ClientModel named, String grantType, Outcome outcome) {
    }

    ProofGate(KeycloakSession session, Settings settings, ProofValidator validator, WarnThrottle warnings,
            StoredSettings stored) {
        this.session = session;
        this.settings = settings;
        this.validator = validator;
        this.proofs = new RequestProof(session, settings, validator, warnings);
        this.stored = stored;
    }

    @Override
    public void beforeTokenRequest(String grantType, EventType eventType) {
        String namedClientId = RequestClient.clientId(session);
        RealmModel realm = session.getContext().getRealm();
        ClientModel named = namedClientId == null ? null : realm.getClientByClientId(namedClientId);
        checked = new Checked(namedClientId, named, grantType, bindingOf(realm, named, grantType, eventType));
    }

    /** Checks the token request; what its refresh token will be bound as, or null. */
    private Outcome bindingOf(RealmModel realm, ClientModel named, String grantType, EventType eventType) {
        if (named != null && !RequestClient.grantEnabled(realm, named, grantType)) {
            // Keycloak's grant refuses it first thing (unauthorized_client), consuming nothing: that is the answer
            return null;
        }
        ClientSettings namedSettings = stored.of(named);
        boolean keycloakChecksProofs = Profile.isFeatureEnabled(Profile.Feature.DPOP);
        if (named != null && namedSettings.mode() == BindingMode.OFF && keycloakChecksProofs) {
            // the token is the client's own (Keycloak then checks its binding) or another's (Keycloak refuses it)
            return null;
        }
        PresentedToken token = OAuth2Constants.REFRESH_TOKEN.equals(grantType)
                ? PresentedToken.read(KeycloakDifferences.grantParameter(session, OAuth2Constants.REFRESH_TOKEN)) : null;
        presented = token;
        String boundTo = token == null ? null : token.boundThumbprint();
        boolean ownToken = named != null && token != null && named.getClientId().equals(token.clientId());
        ClientModel client = named;
        ClientSettings clientSettings = namedSettings;
        if (boundTo != null && !ownToken) {
            if (named != null) {
                // another client's token: Keycloak refuses it ("Token client and authorized client don't match")
                return null;
            }
            // the token decides: a bound token is checked whatever the request fails to name
            client = realm.getClientByClientId(token.clientId());
            clientSettings = stored.of(client);
        }
        Check check = BindingPolicy.check(clientSettings, RequestClient.keycloakBindsDPoP(client), boundTo != null,
                keycloakChecksProofs);
        if (check == Check.NONE) {
            return null;
        }
        Concerned concerned = new Concerned(session, realm, named, token, ownToken);
        ValidProof proof = proofs.require(concerned, eventType, grantType, check, boundTo, clientSettings);
        if (proof == null) {
            return null;
        }
        proofAccepted = true;
        Outcome outcome = BindingPolicy.outcome(token != null, boundTo != null, settings.unboundRefreshWithProof());
        if (outcome != null) {
            // without it, Keycloak binds nothing (and checks no binding: the presented token has none)
            KeycloakHandOff.handOver(session, proof, true);
        }
        if (keycloakChecksProofs) {
            KeycloakHandOff.hideProofFromKeycloak(session);
        }
        LOG.debugf("DPoP proof accepted for client '%s' in realm '%s' (%s grant, %s, refresh token binding: %s)",
                named == null ? null : named.getClientId(), realm.getName(), grantType, proof.algorithm(), outcome);
        return outcome;
    }

    @Override
    public void beforeGrant(ClientModel authenticated, EventBuilder event) {
        grantEvent = event;
        if (authenticated != null && authenticated.isPublicClient()
                && (checked == null || !authenticated.getClientId().equals(checked.clientId()))) {
            // Keycloak found another public client than we read: whatever we checked was not this client's
            Concerned concerned = new Concerned(session, session.getContext().getRealm(), authenticated, null, false);
            throw Answers.refusal(session, concerned, event.getEvent().getType(), null, Refused.client(), null);
        }
    }

    @Override
    public void beforeTokenResponse() {
        if (checked == null) {
            return;
        }
        // the one place a success is reported: the grant calls event.success() right after
        Outcome outcome = checked.outcome();
        if (outcome != null && grantEvent != null) {
            grantEvent.detail(DETAIL_BOUND, outcome.option());
            BindingMetrics.bound(session.getContext().getRealm().getName(), outcome.option());
        }
        ClientModel named = checked.named();
        if (named != null && Rollout.counts(stored.of(named), named)) {
            Rollout.granted(session.getContext().getRealm(), named, checked.grantType(), proofAccepted, presented);
        }
    }

    @Override
    public void beforeRefreshTokenUse(ClientModel client, String encodedToken, EventType eventType) {
        PresentedToken token = PresentedToken.read(encodedToken);
        String boundTo = token == null ? null : token.boundThumbprint();
        if (boundTo == null || client == null || !client.getClientId().equals(token.clientId())) {
            // unbound, or another client's token: Keycloak refuses that itself ("Unmatching clients"); a bound token
            // of a client made confidential since is checked too, as at the token endpoint
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        Concerned concerned = new Concerned(session, realm, client, token, true);
        ValidProof proof = proofs.require(concerned, eventType, null, Check.BOUND_KEY, boundTo, stored.of(client));
        // TokenManager.verifyRefreshToken (logout) checks the binding against it
        KeycloakHandOff.handOver(session, proof, false);
        if (Profile.isFeatureEnabled(Profile.Feature.DPOP)) {
            // a Keycloak that checks proofs at logout after this event (upstream PR 50528) must not see it a second time
            KeycloakHandOff.hideProofFromKeycloak(session);
        }
        LOG.debugf("DPoP proof accepted for a bound refresh token of client '%s' in realm '%s' (%s)",
                client.getClientId(), realm.getName(), eventType);
    }

    @Override
    public void afterKeycloakProofCheck() {
        DPoP proof = KeycloakHandOff.takeKeycloakCheckedProof(session);
        if (proof != null && proof.getId() != null && proof.getIat() != null) {
            ReplayGuard.remember(session, proof.getId(), proof.getHttpUri(), proof.getIat(), validator.policy(),
                    Time.currentTime());
        }
    }
}
