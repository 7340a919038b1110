package io.github.dpoprefresh.keycloak;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.dpoprefresh.binding.BindingMode;
import io.github.dpoprefresh.binding.BindingPolicy;
import io.github.dpoprefresh.binding.BindingPolicy.Check;
import io.github.dpoprefresh.binding.ClientSettings;
import io.github.dpoprefresh.binding.Outcome;
import io.github.dpoprefresh.binding.ProofDecision;
import io.github.dpoprefresh.binding.ProofDecision.Decision;
import io.github.dpoprefresh.binding.Refused;
import io.github.dpoprefresh.binding.Settings;
import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.nonce.NonceIssuer;
import io.github.dpoprefresh.nonce.RealmNonces;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.ValidProof;
import io.github.dpoprefresh.replay.ReplayGuard;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.Profile;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.dpop.DPoP;

/**
 * The binding of one request: reads what Keycloak reads (the client, the refresh token, the proof), lets
 * {@link BindingPolicy} and {@link ProofDecision} decide, and acts on the decision in one place: a refusal is answered
 * by {@link Answers} (and a theft by {@link Thefts}), an accepted proof is remembered and handed to Keycloak's token
 * code. Every check runs before the refresh token is verified, rotated or consumed: a client told
 * {@code invalid_dpop_proof} or {@code use_dpop_nonce} can retry with the same refresh token.
 */
final class ProofGate implements RefreshBinding {

    static final String DPOP_HEADER = "DPoP";
    /** Success event detail: {@code new}, {@code kept} or {@code upgraded} when the refresh token issued is bound. */
    static final String DETAIL_BOUND = "dpop_bound";

    private static final Logger LOG = Logger.getLogger(ProofGate.class);

    private final KeycloakSession session;
    private final Settings settings;
    private final ProofValidator validator;
    private final WarnThrottle warnings;
    private final Set<String> reportedSettings;

    /** What {@link #beforeTokenRequest} found; null until it ran. */
    private Checked checked;
    /** The grant's event, from {@link #beforeGrant}: its success carries {@link #DETAIL_BOUND}. */
    private EventBuilder grantEvent;

    /**
     * @param clientId the client the token request names
     * @param outcome  what the grant's refresh token will be bound as, or null when unbound
     */
    private record Checked(String clientId, Outcome outcome) {
    }

    ProofGate(KeycloakSession session, Settings settings, ProofValidator validator, WarnThrottle warnings,
            Set<String> reportedSettings) {
        this.session = session;
        this.settings = settings;
        this.validator = validator;
        this.warnings = warnings;
        this.reportedSettings = reportedSettings;
    }

    @Override
    public void beforeTokenRequest(String grantType, EventType eventType) {
        String namedClientId = RequestClient.clientId(session);
        checked = new Checked(namedClientId, bindingOf(namedClientId, grantType, eventType));
    }

    /** Checks the token request; what its refresh token will be bound as, or null. */
    private Outcome bindingOf(String namedClientId, String grantType, EventType eventType) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel named = namedClientId == null ? null : realm.getClientByClientId(namedClientId);
        if (named != null && !RequestClient.grantEnabled(realm, named, grantType)) {
            // Keycloak's grant refuses it first thing (unauthorized_client), consuming nothing: that is the answer
            return null;
        }
        ClientSettings namedSettings = settingsOf(named);
        boolean keycloakChecksProofs = Profile.isFeatureEnabled(Profile.Feature.DPOP);
        if (named != null && namedSettings.mode() == BindingMode.OFF && keycloakChecksProofs) {
            // the token is the client's own (Keycloak then checks its binding) or another's (Keycloak refuses it)
            return null;
        }
        PresentedToken token = OAuth2Constants.REFRESH_TOKEN.equals(grantType)
                ? PresentedToken.read(KeycloakDifferences.grantParameter(session, OAuth2Constants.REFRESH_TOKEN)) : null;
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
            clientSettings = settingsOf(client);
        }
        Check check = BindingPolicy.check(clientSettings, RequestClient.keycloakBindsDPoP(client), boundTo != null,
                keycloakChecksProofs);
        if (check == Check.NONE) {
            return null;
        }
        Concerned concerned = new Concerned(session, realm, named, token, ownToken);
        ValidProof proof = requestProof(concerned, eventType, grantType, check, boundTo, clientSettings);
        if (proof == null) {
            return null;
        }
        Outcome outcome = BindingPolicy.outcome(token != null, boundTo != null, settings.unboundRefreshWithProof());
        if (outcome != null) {
            // without it, Keycloak binds nothing (and checks no binding: the presented token has none)
            KeycloakHandOff.handOver(session, proof, true);
        }
        if (keycloakChecksProofs) {
            KeycloakHandOff.hideProofFromKeycloak(session);
        }
        LOG.debugf("DPoP proof accepted for client '%s' in realm '%s' (%s grant, %s, refresh token binding: %s)",
                namedClientId, realm.getName(), grantType, proof.algorithm(), outcome);
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
        Outcome outcome = checked == null ? null : checked.outcome();
        if (outcome != null && grantEvent != null) {
            // the one place a binding is reported: the grant calls event.success() right after
            grantEvent.detail(DETAIL_BOUND, outcome.option());
            BindingMetrics.bound(session.getContext().getRealm().getName(), outcome.option());
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
        ValidProof proof = requestProof(concerned, eventType, null, Check.BOUND_KEY, boundTo, settingsOf(client));
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

    /**
     * The request's one proof as {@link ProofDecision} decides, then not seen before (RFC 9449 §11.1); null when there
     * is none and none is needed. A refusal is thrown as the HTTP response.
     */
    private ValidProof requestProof(Concerned concerned, EventType eventType, String grantType, Check check,
            String boundTo, ClientSettings client) {
        long now = Time.currentTime();
        HttpRequest request = session.getContext().getHttpRequest();
        List<String> headers = request.getHttpHeaders().getRequestHeader(DPOP_HEADER);
        Decision decision = ProofDecision.decide(check, boundTo, headers, nonces(client, now),
                () -> read(headers.get(0), request));
        if (decision instanceof ProofDecision.Refusal refusal) {
            throw refuse(concerned, eventType, grantType, refusal.refused(), client);
        }
        if (!(decision instanceof ProofDecision.Accepted accepted)) {
            return null;
        }
        ValidProof proof = accepted.proof();
        if (!KeycloakHandOff.checkedByKeycloak(session, proof.jti(), proof.htu())
                && !ReplayGuard.firstUse(session, proof.jti(), proof.htu(), proof.iat(), validator.policy(), now)) {
            // (a proof Keycloak checked in this request before us, as it would at logout with upstream PR 50528, was
            // recorded by Keycloak and by afterKeycloakProofCheck: the same proof, not a replay)
            throw refuse(concerned, eventType, grantType, Refused.replay(), client);
        }
        BindingMetrics.proofAccepted(concerned.realm().getName());
        return proof;
    }

    private ProofDecision.Reading read(String header, HttpRequest request) {
        try {
            return new ProofDecision.Reading(validator.validate(header, request.getHttpMethod(),
                    session.getContext().getUri().getAbsolutePath()), null);
        } catch (InvalidProofException e) {
            return new ProofDecision.Reading(null, e);
        }
    }

    private WebApplicationException refuse(Concerned concerned, EventType eventType, String grantType, Refused refused,
            ClientSettings client) {
        TheftResponse theft = refused.theft()
                ? Thefts.respond(session, concerned, refused, client.theftResponse(), warnings) : null;
        return Answers.refusal(session, concerned, eventType, grantType, refused, theft);
    }

    /** RFC 9449 §8.2: every response to a client that requires nonces carries a current one. */
    private ProofDecision.Nonces nonces(ClientSettings client, long now) {
        if (!client.requireNonce()) {
            return ProofDecision.Nonces.NOT_REQUIRED;
        }
        RealmModel realm = session.getContext().getRealm();
        NonceIssuer issuer = RealmNonces.issuer(session, realm, settings.nonceLifetimeSeconds());
        if (issuer == null) {
            LOG.warnf("Realm '%s' has no active HMAC key, so no DPoP server nonce can be issued", realm.getName());
            return new ProofDecision.Nonces(true, false, nonce -> false);
        }
        session.getContext().getHttpResponse().setHeader(Answers.DPOP_NONCE_HEADER, issuer.issue(now));
        return new ProofDecision.Nonces(true, true, nonce -> issuer.isValid(nonce, now));
    }

    /** The client's settings; confidential, bearer-only, disabled and unknown clients are never bound. */
    private ClientSettings settingsOf(ClientModel client) {
        if (client == null || !client.isEnabled() || !client.isPublicClient() || client.isBearerOnly()) {
            return ClientSettings.NOT_BOUND;
        }
        ClientSettings clientSettings = ClientSettings.read(client::getAttribute);
        if (!clientSettings.problems().isEmpty()
                && reportedSettings.add(client.getId() + clientSettings.problems())) {
            // once per client and stored values: a value that names nothing is a configuration error
            LOG.errorf("Client '%s' in realm '%s': %s", client.getClientId(), client.getRealm().getName(),
                    clientSettings.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        return clientSettings;
    }
}
