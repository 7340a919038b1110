package io.github.dpoprefresh.keycloak;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;

/**
 * A refresh token presented with a request, as it reads: its signature is NOT checked. Good for deciding what to
 * check (a forged token that claims a binding only makes us ask for more, and Keycloak refuses it right after us),
 * never for acting on a user or session: {@link #verified} first.
 */
record PresentedToken(String encoded, RefreshToken token) {

    /** The token as it reads, or null when it is not a refresh or offline token at all. */
    static PresentedToken read(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return null;
        }
        try {
            RefreshToken token = new JWSInput(encoded).readJsonContent(RefreshToken.class);
            return token != null && (TokenUtil.TOKEN_TYPE_REFRESH.equals(token.getType())
                    || TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())) ? new PresentedToken(encoded, token) : null;
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }

    /** The thumbprint the token is bound to by DPoP ({@code cnf.jkt}), or null. */
    String boundThumbprint() {
        AccessToken.Confirmation cnf = token.getConfirmation();
        if (cnf == null || cnf.getKeyThumbprint() == null) {
            return null;
        }
        // TokenManager.verifyRefreshToken: a cnf.jkt without a type is a DPoP binding
        String type = KeycloakDifferences.jktType(cnf);
        return type == null || DPoPUtil.DPOP_JKT_TYPE.equals(type) ? cnf.getKeyThumbprint() : null;
    }

    /** The client the token was issued to ({@code azp}). */
    String clientId() {
        return token.getIssuedFor();
    }

    boolean offline() {
        return TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType());
    }

    /** The token with its signature checked by Keycloak, or null when it does not verify. */
    RefreshToken verified(KeycloakSession session) {
        try {
            return session.tokens().decode(encoded, RefreshToken.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
