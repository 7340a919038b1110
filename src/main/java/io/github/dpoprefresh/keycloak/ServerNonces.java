package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.binding.ClientSettings;
import io.github.dpoprefresh.binding.ProofDecision;
import io.github.dpoprefresh.nonce.NonceIssuer;
import io.github.dpoprefresh.nonce.RealmNonces;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** RFC 9449 §8: the server nonces of one request, for {@link ProofDecision}. */
final class ServerNonces {

    private static final Logger LOG = Logger.getLogger(ServerNonces.class);

    private ServerNonces() {
    }

    /**
     * What the request's proof must carry. Every response to a client that requires nonces carries a current one
     * (§8.2), so it is set on the response here, whatever the decision.
     */
    static ProofDecision.Nonces forRequest(KeycloakSession session, ClientSettings client, int lifetimeSeconds,
            long now) {
        if (!client.requireNonce()) {
            return ProofDecision.Nonces.NOT_REQUIRED;
        }
        RealmModel realm = session.getContext().getRealm();
        NonceIssuer issuer = RealmNonces.issuer(session, realm, lifetimeSeconds);
        if (issuer == null) {
            LOG.warnf("Realm '%s' has no active HMAC key, so no DPoP server nonce can be issued", realm.getName());
            return new ProofDecision.Nonces(true, false, nonce -> false);
        }
        session.getContext().getHttpResponse().setHeader(Answers.DPOP_NONCE_HEADER, issuer.issue(now));
        return new ProofDecision.Nonces(true, true, nonce -> issuer.isValid(nonce, now));
    }
}
