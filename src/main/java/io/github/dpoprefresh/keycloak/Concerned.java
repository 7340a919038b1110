package io.github.dpoprefresh.keycloak;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.RefreshToken;

/**
 * Whom a refused request concerns: the client it names and, only when the presented refresh token was issued to that
 * client and its signature checks, the token's user and session. The signature is checked on refusals only, once.
 */
final class Concerned {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final PresentedToken presented;
    private final boolean ownToken;
    private boolean verifiedOnce;
    private RefreshToken verified;

    /**
     * @param client    the client the request names (null when it names none we know)
     * @param presented the refresh token presented, or null
     * @param ownToken  the presented token was issued to {@code client}
     */
    Concerned(KeycloakSession session, RealmModel realm, ClientModel client, PresentedToken presented, boolean ownToken) {
        this.session = session;
        this.realm = realm;
        this.client = client;
        this.presented = presented;
        this.ownToken = ownToken;
    }

    RealmModel realm() {
        return realm;
    }

    ClientModel client() {
        return client;
    }

    PresentedToken presented() {
        return presented;
    }

    /** The presented refresh token with its signature checked, if it is the client's own; else null. */
    RefreshToken verifiedToken() {
        if (!verifiedOnce && presented != null && ownToken) {
            verified = presented.verified(session);
        }
        verifiedOnce = true;
        return verified;
    }
}
