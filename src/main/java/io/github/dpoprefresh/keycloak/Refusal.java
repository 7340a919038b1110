package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.metrics.BindingMetrics;
import io.github.dpoprefresh.proof.InvalidProofException.Reason;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

/**
 * A refused request: HTTP 400 with an OAuth error, a Keycloak error event with the reason, a metric; and, for a
 * detected theft, the client's theft response. What names a user or acts on a session uses the presented refresh
 * token only when it was issued to the requesting client and its signature checks.
 */
final class Refusal {

    /** Event detail: the stable reason code ({@link Reason#code()}). */
    static final String DETAIL_REASON_CODE = "dpop_reason";
    /** Event detail on a detected theft: {@code reject} or {@code revoke-session}. */
    static final String DETAIL_THEFT_RESPONSE = "dpop_theft_response";
    static final String DPOP_NONCE_HEADER = "DPoP-Nonce";

    private static final Logger LOG = Logger.getLogger(Refusal.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final EventType eventType;
    private final String grantType;
    private final PresentedToken presented;
    private final boolean ownToken;
    private boolean verifiedOnce;
    private RefreshToken verified;
    private TheftResponse theftResponse;

    /**
     * @param client    the client the request names (null when it names none we know)
     * @param presented the refresh token presented, or null
     * @param ownToken  the presented token was issued to {@code client}
     */
    Refusal(KeycloakSession session, RealmModel realm, ClientModel client, EventType eventType, String grantType,
            PresentedToken presented, boolean ownToken) {
        this.session = session;
        this.realm = realm;
        this.client = client;
        this.eventType = eventType;
        this.grantType = grantType;
        this.presented = presented;
        this.ownToken = ownToken;
    }

    /** The presented refresh token once its signature is checked (on refusals only), if it is the client's own. */
    private RefreshToken verifiedToken() {
        if (!verifiedOnce && presented != null && ownToken) {
            verified = presented.verified(session);
        }
        verifiedOnce = true;
        return verified;
    }

    /**
     * A bound refresh token came without a proof or with a valid proof of another key: someone who does not hold the
     * key has the token. Counted, logged (at most once a minute per session), and answered as the client asks.
     */
    void theft(String evidence, TheftResponse response, WarnThrottle warnings) {
        RefreshToken token = verifiedToken();
        if (token == null) {
            // forged, or another client's token: no user of ours is concerned, and Keycloak refuses it anyway
            return;
        }
        theftResponse = response;
        BindingMetrics.theftDetected(realm.getName(), response.option());
        int left = warnings.admit(realm.getId() + "/" + token.getSessionId(), Time.currentTime());
        if (left >= 0) {
            LOG.warnf("Bound refresh token of client '%s' in realm '%s' (user '%s', session '%s') presented with %s: "
                    + "refused%s%s", client.getClientId(), realm.getName(), token.getSubject(), token.getSessionId(),
                    evidence, response == TheftResponse.REVOKE_SESSION ? ", session ended" : "",
                    left > 0 ? " (" + left + " more such requests for this session in the last minute not logged)" : "");
        }
        if (response == TheftResponse.REVOKE_SESSION) {
            try {
                endSession(token);
            } catch (RuntimeException e) {
                // the request is refused all the same; the session stays, and the operator must know
                LOG.errorf(e, "Could not end session '%s' of realm '%s' after a detected refresh-token theft",
                        token.getSessionId(), realm.getName());
            }
        }
    }

    /** The response to throw: HTTP 400, {@code error}, {@code error_description}, CORS for the client's origins. */
    WebApplicationException of(String error, Reason reason, String description) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(eventType)
                .detail(Details.REASON, description)
                .detail(DETAIL_REASON_CODE, reason.code());
        if (grantType != null) {
            event.detail(Details.GRANT_TYPE, grantType);
        }
        if (client != null) {
            event.client(client);
        }
        RefreshToken token = verifiedToken();
        if (token != null) {
            event.user(token.getSubject()).session(token.getSessionId());
        }
        if (theftResponse != null) {
            event.detail(DETAIL_THEFT_RESPONSE, theftResponse.option());
        }
        event.error(error);
        BindingMetrics.refused(realm.getName(), reason.code());
        LOG.debugf("Request of client '%s' in realm '%s' refused: %s (%s)", client == null ? null : client.getClientId(),
                realm.getName(), reason.code(), description);
        Cors cors = Cors.builder().auth().allowedMethods("POST")
                .exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS, DPOP_NONCE_HEADER);
        if (client != null) {
            cors = KeycloakDifferences.allowedOrigins(cors, session, client);
        }
        return new CorsErrorResponseException(cors, error, description, Response.Status.BAD_REQUEST);
    }

    /** Ends the (offline) user session of the token, in a transaction of its own: the refusal must not undo it. */
    private void endSession(RefreshToken token) {
        boolean offline = presented.offline();
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
}
