package io.github.dpoprefresh.binding;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.nonce.NonceIssuer;
import io.github.dpoprefresh.nonce.RealmNonces;
import io.github.dpoprefresh.proof.InvalidProofException;
import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import io.github.dpoprefresh.proof.ProofValidator;
import io.github.dpoprefresh.proof.ValidProof;
import io.github.dpoprefresh.replay.ReplayGuard;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.Profile;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;

/**
 * Runs at the start of a token request, before client authentication and before Keycloak looks at the {@code DPoP}
 * header ({@code TokenEndpoint.processGrantRequest} calls the grant's {@code preProcess} first), so that a bad proof
 * is refused with RFC 9449's {@code invalid_dpop_proof} before any refresh token is verified, rotated or consumed.
 *
 * <p>A proof that passes leaves two session attributes that Keycloak's own token code reads:
 * {@code "dpop"} (the proof; {@code TokenManager.verifyRefreshToken} checks a bound refresh token against it) and
 * {@code "dpop-binding-only-refresh-token"} ({@code TokenManager.AccessTokenResponseBuilder} then binds the new refresh
 * token, and only it, to the proof key). With Keycloak's {@code dpop} feature on, the header is hidden from
 * {@code DPoPUtil.handleDPoPHeader} afterwards, so the proof is verified once, by us.
 */
final class ProofGate implements RefreshBinding {

    static final String DPOP_HEADER = "DPoP";
    static final String DPOP_NONCE_HEADER = "DPoP-Nonce";
    /** Client attribute: {@code true} makes proofs of the client carry a server nonce (RFC 9449 §8). */
    static final String REQUIRE_NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
    /** Event detail: the stable reason code of a refusal ({@link Reason#code()}, {@code key_mismatch}, {@code nonce}). */
    static final String DETAIL_REASON_CODE = "dpop_reason";

    /** Event detail on a detected theft: {@code reject} or {@code revoke-session}. */
    static final String DETAIL_THEFT_RESPONSE = "dpop_theft_response";

    private static final String USE_DPOP_NONCE = "use_dpop_nonce";
    private static final Logger LOG = Logger.getLogger(ProofGate.class);

    private final KeycloakSession session;
    private final Settings settings;
    private final ProofValidator validator;
    private String boundRefreshToken;

    ProofGate(KeycloakSession session, Settings settings, ProofValidator validator) {
        this.session = session;
        this.settings = settings;
        this.validator = validator;
    }

    @Override
    public String boundRefreshToken() {
        return boundRefreshToken;
    }

    @Override
    public void beforeGrant(MultivaluedMap<String, String> form, EventType eventType) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = publicClient(realm, form);
        if (client == null || OIDCAdvancedConfigWrapper.fromClientModel(client).isUseDPoP()) {
            // no public client, or one that asks Keycloak itself for DPoP-bound access tokens: Keycloak decides
            return;
        }
        BindingMode mode = BindingMode.of(client);
        boolean coreChecksProofs = Profile.isFeatureEnabled(Profile.Feature.DPOP);
        if (mode == BindingMode.OFF && coreChecksProofs) {
            return;
        }
        String grantType = form.getFirst(OAuth2Constants.GRANT_TYPE);
        String encodedToken = OAuth2Constants.REFRESH_TOKEN.equals(grantType) ? form.getFirst(OAuth2Constants.REFRESH_TOKEN) : null;
        // read, not verified: Keycloak's grant verifies it right after us, and a refusal verifies it before it names
        // a user or ends a session (see Refusal)
        RefreshToken presented = peek(encodedToken);
        String boundTo = boundThumbprint(presented);
        // with the setting off, we still check proofs for bound refresh tokens when nobody else would
        if (mode == BindingMode.OFF && boundTo == null) {
            return;
        }
        Refusal refusal = new Refusal(realm, client, eventType, grantType, encodedToken, presented);
        NonceIssuer nonces = requiresNonce(client) ? nonceIssuer(realm, refusal) : null;
        long now = Time.currentTime();
        if (nonces != null) {
            // RFC 9449 §8.2: every response to such a client carries a current nonce
            session.getContext().getHttpResponse().setHeader(DPOP_NONCE_HEADER, nonces.issue(now));
        }

        HttpRequest request = session.getContext().getHttpRequest();
        ValidProof proof = requestProof(refusal, boundTo, mode == BindingMode.REQUIRED, nonces, now);
        if (proof == null) {
            return;
        }

        boolean bind = boundTo != null || presented == null
                || settings.unboundRefreshWithProof() == Settings.UnboundRefresh.BIND;
        if (bind) {
            // without the attribute, Keycloak binds nothing (and checks no binding: the presented token has none)
            session.setAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, asKeycloakProof(proof));
            session.setAttribute(DPoPUtil.DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE, Boolean.TRUE);
        }
        boundRefreshToken = !bind ? null : boundTo != null ? "kept" : presented != null ? "upgraded" : "new";
        if (coreChecksProofs) {
            session.getContext().setHttpRequest(new ProofHidingRequest(request, DPOP_HEADER));
        }
        LOG.debugf("DPoP proof accepted for client '%s' in realm '%s' (%s grant, %s, refresh token binding: %s)",
                client.getClientId(), realm.getName(), grantType, proof.algorithm(), boundRefreshToken);
    }

    @Override
    public void beforeRefreshTokenUse(ClientModel client, String encodedToken, EventType eventType) {
        RealmModel realm = session.getContext().getRealm();
        RefreshToken presented = client != null && client.isPublicClient() ? decode(encodedToken) : null;
        String boundTo = boundThumbprint(presented);
        if (boundTo == null || !(TokenUtil.TOKEN_TYPE_REFRESH.equals(presented.getType())
                || TokenUtil.TOKEN_TYPE_OFFLINE.equals(presented.getType()))) {
            return;
        }
        Refusal refusal = new Refusal(realm, client, eventType, null, encodedToken, presented);
        refusal.verified = presented;
        ValidProof proof = requestProof(refusal, boundTo, true, null, Time.currentTime());
        // TokenManager.verifyRefreshToken (logout) checks the binding against it
        session.setAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, asKeycloakProof(proof));
        LOG.debugf("DPoP proof accepted for a bound refresh token of client '%s' in realm '%s' (%s)",
                client.getClientId(), realm.getName(), eventType);
    }

    /**
     * The request's one proof, checked in this order: present (where needed), one header, valid (RFC 9449 §4.3),
     * nonce (§8), key of the bound token, not seen before (§11.1). Null when there is none and none is needed.
     */
    private ValidProof requestProof(Refusal refusal, String boundTo, boolean required, NonceIssuer nonces, long now) {
        HttpRequest request = session.getContext().getHttpRequest();
        List<String> proofs = request.getHttpHeaders().getRequestHeader(DPOP_HEADER);
        if (proofs == null || proofs.isEmpty()) {
            if (boundTo != null) {
                refusal.theft("no DPoP proof");
                throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MISSING.code(),
                        "DPoP proof is missing: the refresh token is bound to a DPoP key");
            }
            if (required) {
                throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MISSING.code(),
                        "DPoP proof is missing: this client requires one on every token request");
            }
            return null;
        }
        if (proofs.size() > 1) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MULTIPLE.code(),
                    "Exactly one DPoP header is allowed, got " + proofs.size());
        }
        ValidProof proof;
        try {
            proof = validator.validate(proofs.get(0), request.getHttpMethod(), session.getContext().getUri().getAbsolutePath());
        } catch (InvalidProofException e) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, e.reason().code(), e.getMessage());
        }
        if (nonces != null && !nonces.isValid(proof.nonce(), now)) {
            BindingMetrics.nonceChallenged(refusal.realm.getName());
            throw refusal.of(USE_DPOP_NONCE, "nonce", proof.nonce() == null
                    ? "Authorization server requires nonce in DPoP proof"
                    : "DPoP proof nonce is invalid or expired: use the one in the DPoP-Nonce header");
        }
        if (boundTo != null && !boundTo.equals(proof.thumbprint())) {
            refusal.theft("a DPoP proof of another key");
            throw refusal.of(OAuthErrorException.INVALID_GRANT, "key_mismatch",
                    "The refresh token is bound to another DPoP key");
        }
        if (!ReplayGuard.firstUse(session, refusal.realm, proof, validator.policy(), now)) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.REPLAY.code(),
                    "DPoP proof has already been used");
        }
        BindingMetrics.proofAccepted(refusal.realm.getName());
        return proof;
    }

    private static boolean requiresNonce(ClientModel client) {
        return Boolean.parseBoolean(client.getAttribute(REQUIRE_NONCE_ATTRIBUTE));
    }

    private NonceIssuer nonceIssuer(RealmModel realm, Refusal refusal) {
        NonceIssuer issuer = RealmNonces.issuer(session, realm, settings.nonceLifetimeSeconds());
        if (issuer == null) {
            LOG.warnf("Realm '%s' has no active HMAC key, so no DPoP server nonce can be issued", realm.getName());
            throw refusal.of(OAuthErrorException.INVALID_REQUEST, "nonce_unavailable",
                    "The server cannot issue DPoP nonces for this realm");
        }
        return issuer;
    }

    /**
     * The public client the request names (form {@code client_id}, else HTTP Basic), or null. Client authentication
     * has not run yet: for a public client there is nothing to authenticate, and for any other we do nothing.
     */
    private ClientModel publicClient(RealmModel realm, MultivaluedMap<String, String> form) {
        String clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
        if (clientId == null) {
            clientId = basicAuthClientId(session.getContext().getHttpRequest().getHttpHeaders());
        }
        if (clientId == null || clientId.isEmpty()) {
            return null;
        }
        ClientModel client = realm.getClientByClientId(clientId);
        return client != null && client.isEnabled() && client.isPublicClient() ? client : null;
    }

    private static String basicAuthClientId(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The refresh token as it reads, signature NOT checked, or null when it is not one. Good for deciding what to
     * check (a forged token that claims a binding only makes us ask for more; Keycloak then refuses it), never for
     * acting on a user or session: {@link Refusal#verifiedToken()}.
     */
    private static RefreshToken peek(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        try {
            return new JWSInput(encoded).readJsonContent(RefreshToken.class);
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }

    /** The refresh token, signature checked, or null when it is not one (Keycloak then refuses it itself). */
    private RefreshToken decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        try {
            return session.tokens().decode(encoded, RefreshToken.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The thumbprint a refresh token is bound to by DPoP ({@code cnf.jkt}), or null. */
    static String boundThumbprint(RefreshToken token) {
        AccessToken.Confirmation cnf = token == null ? null : token.getConfirmation();
        if (cnf == null || cnf.getKeyThumbprint() == null) {
            return null;
        }
        // TokenManager.verifyRefreshToken: a cnf.jkt without a type is a DPoP binding
        String type = cnf.getJktType();
        return type == null || DPoPUtil.DPOP_JKT_TYPE.equals(type) ? cnf.getKeyThumbprint() : null;
    }

    /** Ends the (offline) user session of the token, in a transaction of its own: the refusal must not undo it. */
    private void endSession(RealmModel realm, RefreshToken token) {
        boolean offline = TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType());
        String sessionId = token.getSessionId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), other -> {
            RealmModel r = other.realms().getRealm(realm.getId());
            other.getContext().setRealm(r);
            UserSessionModel userSession = offline ? other.sessions().getOfflineUserSession(r, sessionId)
                    : other.sessions().getUserSession(r, sessionId);
            if (userSession == null) {
                return;
            }
            if (offline) {
                other.sessions().removeOfflineUserSession(r, userSession);
            } else {
                other.sessions().removeUserSession(r, userSession);
            }
        });
    }

    private static DPoP asKeycloakProof(ValidProof proof) {
        DPoP dpop = new DPoP();
        dpop.id(proof.jti());
        dpop.iat(proof.iat());
        dpop.setHttpMethod(proof.htm());
        dpop.setHttpUri(proof.htu());
        dpop.setThumbprint(proof.thumbprint());
        return dpop;
    }

    /** A refused token request: HTTP 400 with an OAuth error, a Keycloak error event with the reason, a metric. */
    private final class Refusal {
        private final RealmModel realm;
        private final ClientModel client;
        private final EventType eventType;
        private final String grantType;
        private final String encodedToken;
        private final RefreshToken presented;
        private RefreshToken verified;
        private TheftResponse theftResponse;

        Refusal(RealmModel realm, ClientModel client, EventType eventType, String grantType, String encodedToken,
                RefreshToken presented) {
            this.realm = realm;
            this.client = client;
            this.eventType = eventType;
            this.grantType = grantType;
            this.encodedToken = encodedToken;
            this.presented = presented;
        }

        /** The presented refresh token once its signature is checked (on refusals only), or null if it fails. */
        RefreshToken verifiedToken() {
            if (verified == null && presented != null) {
                verified = decode(encodedToken);
            }
            return verified;
        }

        /**
         * A bound refresh token came without a proof or with a valid proof of another key: someone who does not
         * hold the key has the token. Logged, counted, and answered as the client asks (RFC 9700 §4.14 reasoning).
         */
        void theft(String evidence) {
            RefreshToken presented = verifiedToken();
            if (presented == null) {
                // forged or foreign: no user of ours is concerned, and Keycloak would refuse the token anyway
                return;
            }
            theftResponse = TheftResponse.of(client);
            BindingMetrics.theftDetected(realm.getName(), theftResponse.option());
            LOG.warnf("Bound refresh token of client '%s' in realm '%s' (user '%s', session '%s') presented with %s: "
                    + "refused%s", client.getClientId(), realm.getName(), presented.getSubject(),
                    presented.getSessionId(), evidence,
                    theftResponse == TheftResponse.REVOKE_SESSION ? ", session ended" : "");
            if (theftResponse == TheftResponse.REVOKE_SESSION) {
                try {
                    endSession(realm, presented);
                } catch (RuntimeException e) {
                    // the request is refused all the same; the session stays, and the operator must know
                    LOG.errorf(e, "Could not end session '%s' of realm '%s' after a detected refresh-token theft",
                            presented.getSessionId(), realm.getName());
                }
            }
        }

        CorsErrorResponseException of(String error, String reasonCode, String description) {
            EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(eventType)
                    .client(client)
                    .detail(Details.GRANT_TYPE, grantType)
                    .detail(Details.REASON, description)
                    .detail(DETAIL_REASON_CODE, reasonCode);
            RefreshToken token = verifiedToken();
            if (token != null) {
                event.user(token.getSubject()).session(token.getSessionId());
            }
            if (theftResponse != null) {
                event.detail(DETAIL_THEFT_RESPONSE, theftResponse.option());
            }
            event.error(error);
            BindingMetrics.refused(realm.getName(), reasonCode);
            LOG.debugf("Token request of client '%s' in realm '%s' refused: %s (%s)", client.getClientId(),
                    realm.getName(), reasonCode, description);
            Cors cors = Cors.builder().auth().allowedMethods("POST")
                    .exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS, DPOP_NONCE_HEADER)
                    .checkAllowedOrigins(session, client);
            return new CorsErrorResponseException(cors, error, description, Response.Status.BAD_REQUEST);
        }
    }
}
