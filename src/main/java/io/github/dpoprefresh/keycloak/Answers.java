package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.RefusalReason;
import io.github.dpoprefresh.binding.Refused;
import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.metrics.BindingMetrics;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

/**
 * The one place a refusal is reported and answered: a Keycloak error event with the reason, the metrics, a debug
 * line, and HTTP 400 with {@code error} and {@code error_description}, readable by the client's web origins.
 */
final class Answers {

    /** Event detail: the stable reason code. */
    static final String DETAIL_REASON_CODE = "dpop_reason";
    /** Event detail on a detected theft: {@code reject} or {@code revoke-session}. */
    static final String DETAIL_THEFT_RESPONSE = "dpop_theft_response";
    static final String DPOP_NONCE_HEADER = "DPoP-Nonce";

    private static final Logger LOG = Logger.getLogger(Answers.class);

    private Answers() {
    }

    /**
     * @param grantType     the grant of a token request, or null
     * @param theftResponse what was done about a detected theft, or null
     * @return the response to throw
     */
    static WebApplicationException refusal(KeycloakSession session, Concerned concerned, EventType eventType,
            String grantType, Refused refused, TheftResponse theftResponse) {
        String realm = concerned.realm().getName();
        EventBuilder event = new EventBuilder(concerned.realm(), session, session.getContext().getConnection())
                .event(eventType)
                .detail(Details.REASON, refused.description())
                .detail(DETAIL_REASON_CODE, refused.reason());
        if (grantType != null) {
            event.detail(Details.GRANT_TYPE, grantType);
        }
        if (concerned.client() != null) {
            event.client(concerned.client());
        }
        RefreshToken token = concerned.verifiedToken();
        if (token != null) {
            event.user(token.getSubject()).session(token.getSessionId());
        }
        if (theftResponse != null) {
            event.detail(DETAIL_THEFT_RESPONSE, theftResponse.option());
        }
        event.error(refused.error());
        BindingMetrics.refused(realm, refused.reason());
        Rollout.refused(concerned.realm(), concerned.client(), grantType, refused.reason());
        if (RefusalReason.NONCE.code().equals(refused.reason())) {
            BindingMetrics.nonceChallenged(realm);
        }
        LOG.debugf("Request of client '%s' in realm '%s' refused: %s (%s)",
                concerned.client() == null ? null : concerned.client().getClientId(), realm, refused.reason(),
                refused.description());
        Cors cors = Cors.builder().auth().allowedMethods("POST")
                .exposedHeaders(Cors.ACCESS_CONTROL_ALLOW_METHODS, DPOP_NONCE_HEADER);
        if (concerned.client() != null) {
            cors = KeycloakDifferences.allowedOrigins(cors, session, concerned.client());
        }
        return new CorsErrorResponseException(cors, refused.error(), refused.description(), Response.Status.BAD_REQUEST);
    }
}
