package io.github.dpoprefresh.binding;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

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
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.util.DPoPUtil;

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
final class ProofGate {

    static final String DPOP_HEADER = "DPoP";
    /** Event detail: the stable reason code of a refusal ({@link Reason#code()} or {@code key_mismatch}). */
    static final String DETAIL_REASON_CODE = "dpop_reason";

    private static final Logger LOG = Logger.getLogger(ProofGate.class);

    private final KeycloakSession session;
    private final ProofValidator validator;

    ProofGate(KeycloakSession session, ProofValidator validator) {
        this.session = session;
        this.validator = validator;
    }

    void beforeGrant(MultivaluedMap<String, String> form, EventType eventType) {
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = publicClient(realm, form);
        if (client == null || OIDCAdvancedConfigWrapper.fromClientModel(client).isUseDPoP()) {
            // no public client, or one that asks Keycloak itself for DPoP-bound access tokens: Keycloak decides
            return;
        }
        BindingMode mode = BindingMode.of(client);
        String grantType = form.getFirst(OAuth2Constants.GRANT_TYPE);
        RefreshToken presented = OAuth2Constants.REFRESH_TOKEN.equals(grantType)
                ? decode(form.getFirst(OAuth2Constants.REFRESH_TOKEN)) : null;
        String boundTo = boundThumbprint(presented);
        boolean coreChecksProofs = Profile.isFeatureEnabled(Profile.Feature.DPOP);
        // with the setting off, we still check proofs for bound refresh tokens when nobody else would
        if (mode == BindingMode.OFF && (boundTo == null || coreChecksProofs)) {
            return;
        }
        Refusal refusal = new Refusal(realm, client, eventType, grantType, presented);

        HttpRequest request = session.getContext().getHttpRequest();
        List<String> proofs = request.getHttpHeaders().getRequestHeader(DPOP_HEADER);
        if (proofs == null || proofs.isEmpty()) {
            if (boundTo != null) {
                throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MISSING.code(),
                        "DPoP proof is missing: the refresh token is bound to a DPoP key");
            }
            if (mode == BindingMode.REQUIRED) {
                throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MISSING.code(),
                        "DPoP proof is missing: this client requires one on every token request");
            }
            return;
        }
        if (proofs.size() > 1) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.MULTIPLE.code(),
                    "Exactly one DPoP header is allowed, got " + proofs.size());
        }

        long now = Time.currentTime();
        ValidProof proof;
        try {
            proof = validator.validate(proofs.get(0), request.getHttpMethod(), session.getContext().getUri().getAbsolutePath());
        } catch (InvalidProofException e) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, e.reason().code(), e.getMessage());
        }
        if (boundTo != null && !boundTo.equals(proof.thumbprint())) {
            throw refusal.of(OAuthErrorException.INVALID_GRANT, "key_mismatch",
                    "The refresh token is bound to another DPoP key");
        }
        if (!ReplayGuard.firstUse(session, realm, proof, validator.policy(), now)) {
            throw refusal.of(OAuthErrorException.INVALID_DPOP_PROOF, Reason.REPLAY.code(),
                    "DPoP proof has already been used");
        }

        session.setAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, asKeycloakProof(proof));
        session.setAttribute(DPoPUtil.DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE, Boolean.TRUE);
        if (coreChecksProofs) {
            session.getContext().setHttpRequest(new ProofHidingRequest(request, DPOP_HEADER));
        }
        LOG.debugf("DPoP proof accepted for client '%s' in realm '%s' (%s grant, %s, refresh token %s)",
                client.getClientId(), realm.getName(), grantType, proof.algorithm(),
                boundTo != null ? "bound" : presented != null ? "unbound, now bound" : "new, bound");
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

    private static DPoP asKeycloakProof(ValidProof proof) {
        DPoP dpop = new DPoP();
        dpop.id(proof.jti());
        dpop.iat(proof.iat());
        dpop.setHttpMethod(proof.htm());
        dpop.setHttpUri(proof.htu());
        dpop.setThumbprint(proof.thumbprint());
        return dpop;
    }

    /** A refused token request: HTTP 400 with an OAuth error, and a Keycloak error event with the reason. */
    private final class Refusal {
        private final RealmModel realm;
        private final ClientModel client;
        private final EventType eventType;
        private final String grantType;
        private final RefreshToken presented;

        Refusal(RealmModel realm, ClientModel client, EventType eventType, String grantType, RefreshToken presented) {
            this.realm = realm;
            this.client = client;
            this.eventType = eventType;
            this.grantType = grantType;
            this.presented = presented;
        }

        CorsErrorResponseException of(String error, String reasonCode, String description) {
            EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(eventType)
                    .client(client)
                    .detail(Details.GRANT_TYPE, grantType)
                    .detail(Details.REASON, description)
                    .detail(DETAIL_REASON_CODE, reasonCode);
            if (presented != null) {
                event.user(presented.getSubject()).session(presented.getSessionId());
            }
            event.error(error);
            LOG.debugf("Token request of client '%s' in realm '%s' refused: %s (%s)", client.getClientId(),
                    realm.getName(), reasonCode, description);
            Cors cors = Cors.builder().auth().allowedMethods("POST").exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS)
                    .checkAllowedOrigins(session, client);
            return new CorsErrorResponseException(cors, error, description, Response.Status.BAD_REQUEST);
        }
    }
}
