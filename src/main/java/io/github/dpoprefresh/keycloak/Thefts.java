package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.RefusalReason;
import io.github.dpoprefresh.binding.Refused;
import io.github.dpoprefresh.binding.TheftResponse;
import io.github.dpoprefresh.binding.WarnThrottle;
import io.github.dpoprefresh.metrics.BindingMetrics;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.RefreshToken;

/**
 * The answer to a detected theft: a bound refresh token came without a proof or with a valid proof of another key,
 * so someone who does not hold the key has the token. Counted, logged (at most once a minute per session), and, when
 * the client asks for {@code revoke-session}, the token's (offline) user session is ended.
 */
final class Thefts {

    private static final Logger LOG = Logger.getLogger(Thefts.class);

    private Thefts() {
    }

    /** @return what was done, or null when the token names no user of the client (forged, or another client's) */
    static TheftResponse respond(KeycloakSession session, Concerned concerned, Refused refused, TheftResponse response,
            WarnThrottle warnings) {
        RefreshToken token = concerned.verifiedToken();
        if (token == null) {
            // forged, or another client's token: no user of ours is concerned, and Keycloak refuses it anyway
            return null;
        }
        RealmModel realm = concerned.realm();
        BindingMetrics.theftDetected(realm.getName(), response.option());
        int left = warnings.admit(realm.getId() + "/" + token.getSessionId(), Time.currentTime());
        if (left >= 0) {
            String evidence = RefusalReason.MISSING.code().equals(refused.reason()) ? "no DPoP proof"
                    : "a DPoP proof of another key";
            LOG.warnf("Bound refresh token of client '%s' in realm '%s' (user '%s', session '%s') presented with %s: "
                    + "refused%s%s", concerned.client().getClientId(), realm.getName(), token.getSubject(),
                    token.getSessionId(), evidence, response == TheftResponse.REVOKE_SESSION ? ", session ended" : "",
                    left > 0 ? " (" + left + " more such requests for this session in the last minute not logged)" : "");
        }
        if (response == TheftResponse.REVOKE_SESSION) {
            try {
                endSession(session, realm, token.getSessionId(), concerned.presented().offline());
            } catch (RuntimeException e) {
                // the request is refused all the same; the session stays, and the operator must know
                LOG.errorf(e, "Could not end session '%s' of realm '%s' after a detected refresh-token theft",
                        token.getSessionId(), realm.getName());
            }
        }
        return response;
    }

    /** Ends the (offline) user session, in a transaction of its own: the refusal must not undo it. */
    private static void endSession(KeycloakSession session, RealmModel realm, String sessionId, boolean offline) {
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
