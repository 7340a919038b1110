package io.github.dpoprefresh.keycloak;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.dpoprefresh.binding.BindingMode;
import io.github.dpoprefresh.binding.BindingPolicy;
import io.github.dpoprefresh.binding.BindingPolicy.Check;
import io.github.dpoprefresh.binding.ClientSettings;
import io.github.dpoprefresh.binding.Outcome;
import io.github.dpoprefresh.binding.Settings;
import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.nonce.NonceIssuer;
import io.github.dpoprefresh.nonce.RealmNonces;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.ValidProof;
import io.github.dpoprefresh.replay.ReplayGuard;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
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
 * {@link BindingPolicy} decide, checks the proof, and hands it to Keycloak's token code. Every check runs before the
 * refresh token is verified, rotated or consumed: a client told {@code invalid_dpop_proof} or {@code use_dpop_nonce}
 * can retry with the same refresh token.
 */
final class ProofGate implements RefreshBinding {

    static final String DPOP_HEADER = "DPoP";
    /** Success event detail: {@code new}, {@code kept} or {@code upgraded} when the refresh token issued is bound. */
    static final String DETAIL_BOUND = "dpop_bound";

    private static final String USE_DPOP_NONCE = "use_dpop_nonce";
    private static final Logger LOG = Logger.getLogger(ProofGate.class);

    private final KeycloakSession session;
    private final Settings settings;
    private final ProofValidator validator;
    private final WarnThrottle warnings;
    private final Set<String> reportedSettings;

    private boolean tokenRequestRead;
    private String namedClientId;
    private Outcome outcome;
    private EventBuilder grantEvent;

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
        tokenRequestRead = true;
        RealmModel realm = session.getContext().getRealm();
        namedClientId = RequestClient.clientId(session);
        ClientModel named = namedClientId == null ? null : realm.getClientByClientId(namedClientId);
        if (named != null && !RequestClient.grantEnabled(realm, named, grantType)) {
            // Keycloak's grant refuses it first thing (unauthorized_client), consuming nothing: that is the answer
            return;
        }
        ClientSettings namedSettings = settingsOf(named);
        boolean keycloakChecksProofs = Profile.isFeatureEnabled(Profile.Feature.DPOP);
        if (named != null && namedSettings.mode() == BindingMode.OFF && keycloakChecksProofs) {
            // the token is the client's own (Keycloak then checks its binding) or another's (Keycloak refuses it)
            return;
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
                return;
            }
            // the token decides: a bound token is checked whatever the request fails to name
            client = realm.getClientByClientId(token.clientId());
            clientSettings = settingsOf(client);
        }
        Check check = BindingPolicy.check(clientSettings, RequestClient.keycloakBindsDPoP(client), boundTo != null,
                keycloakChecksProofs);
        if (check == Check.NONE) {
            return;
        }
        Refusal refusal = new Refusal(session, realm, named, eventType, grantType, token, ownToken);
        ValidProof proof = requestProof(refusal, check, boundTo, clientSettings, Time.currentTime());
        if (proof == null) {
            return;
        }
        outcome = BindingPolicy.outcome(token != null, boundTo != null, settings.unboundRefreshWithProof());
        if (outcome != null) {
            // without it, Keycloak binds nothing (and checks no binding: the presented token has none)
            KeycloakHandOff.handOver(session, proof, true);
        }
        if (keycloakChecksProofs) {
            KeycloakHandOff.hideProofFromKeycloak(session);
        }
        LOG.debugf("DPoP proof accepted for client '%s' in realm '%s' (%s grant, %s, refresh token binding: %s)",
                namedClientId, realm.getName(), grantType, proof.algorithm(), outcome);
    }

    @Override
    public void beforeGrant(ClientModel authenticated, EventBuilder event) {
        grantEvent = event;
        if (authenticated != null && authenticated.isPublicClient()
                && (!tokenRequestRead || !authenticated.getClientId().equals(namedClientId))) {
            // Keycloak found another public client than we read: whatever we checked was not this client's
            RealmModel realm = session.getContext().getRealm();
            throw new Refusal(session, realm, authenticated, event.getEvent().getType(), null, null, false)
                    .of(OAuthErrorException.INVALID_REQUEST, Reason.CLIENT,
                            "The client is named in a way that cannot be checked: send client_id as a form parameter");
        }
    }

    @Override
    public void beforeTokenResponse() {
        if (outcome != null && grantEvent != null) {
            // read by event listeners when the grant calls event.success() right after
            grantEvent.detail(DETAIL_BOUND, outcome.option());
        }
    }

    @Override
    public Outcome outcome() {
        return outcome;
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
        Refusal refusal = new Refusal(session, realm, client, eventType, null, token, true);
        ValidProof proof = requestProof(refusal, Check.BOUND_KEY, boundTo, settingsOf(client), Time.currentTime());
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
     * The request's one proof, checked in this order: present (where needed), one header, valid (RFC 9449 §4.3),
     * nonce (§8), key of the bound token, not seen before (§11.1). Null when there is none and none is needed.
     */
    private ValidProof requestProof(Refusal refusal, Check check, String boundTo, ClientSettings client, long now) {
        NonceIssuer nonces = client.requireNonce() ? nonceIssuer(refusal, now) : null;
        HttpRequest request = session.getContext().getHttpRequest();
        List<String> proofs = request.getHttpHeaders().getRequestHeader(DPOP_HEADER);
        if (proofs == null || proofs.isEmpty()) {
            if (check == Check.BOUND_KEY) {
                refusal.theft("no DPoP proof", client.theftResponse(), warnings);
                throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MISSING,
                        "DPoP proof is missing: the refresh token is bound to a DPoP key");
            }
            if (check == Check.REQUIRED) {
                throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MISSING,
                        "DPoP proof is missing: this client requires one on every token request");
            }
            return null;
        }
        if (proofs.size() > 1) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MULTIPLE,
                    "Exactly one DPoP header is allowed, got " + proofs.size());
        }
        ValidProof proof;
        try {
            proof = validator.validate(proofs.get(0), request.getHttpMethod(), session.getContext().getUri().getAbsolutePath());
        } catch (InvalidProofException e) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, e.reason(), e.getMessage());
        }
        if (nonces != null && !nonces.isValid(proof.nonce(), now)) {
            BindingMetrics.nonceChallenged(session.getContext().getRealm().getName());
            throw refusal.of(USE_DPOP_NONCE, Reason.NONCE, proof.nonce() == null
                    ? "Authorization server requires nonce in DPoP proof"
                    : "DPoP proof nonce is invalid or expired: use the one in the DPoP-Nonce header");
        }
        if (check == Check.BOUND_KEY && !boundTo.equals(proof.thumbprint())) {
            refusal.theft("a DPoP proof of another key", client.theftResponse(), warnings);
            throw refusal.of(OAuthErrorException.INVALID_GRANT, Reason.KEY_MISMATCH,
                    "The refresh token is bound to another DPoP key");
        }
        if (!KeycloakHandOff.checkedByKeycloak(session, proof.jti(), proof.htu())
                && !ReplayGuard.firstUse(session, proof.jti(), proof.htu(), proof.iat(), validator.policy(), now)) {
            // (a proof Keycloak checked in this request before us, as it would at logout with upstream PR 50528, was
            // recorded by Keycloak and by afterKeycloakProofCheck: the same proof, not a replay)
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.REPLAY, "DPoP proof has already been used");
        }
        BindingMetrics.proofAccepted(session.getContext().getRealm().getName());
        return proof;
    }

    /** RFC 9449 §8.2: every response to a client that requires nonces carries a current one. */
    private NonceIssuer nonceIssuer(Refusal refusal, long now) {
        RealmModel realm = session.getContext().getRealm();
        NonceIssuer issuer = RealmNonces.issuer(session, realm, settings.nonceLifetimeSeconds());
        if (issuer == null) {
            LOG.warnf("Realm '%s' has no active HMAC key, so no DPoP server nonce can be issued", realm.getName());
            throw refusal.of(OAuthErrorException.INVALID_REQUEST, Reason.NONCE_UNAVAILABLE,
                    "The server cannot issue DPoP nonces for this realm");
        }
        session.getContext().getHttpResponse().setHeader(Refusal.DPOP_NONCE_HEADER, issuer.issue(now));
        return issuer;
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
