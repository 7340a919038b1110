package io.github.dpoprefresh.keycloak;

import io.github.dpoprefresh.proof.ValidProof;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.util.DPoPUtil;

/**
 * What Keycloak's own token code reads from us, as session attributes: {@code "dpop"}, the proof
 * ({@code TokenManager.verifyRefreshToken} checks a bound refresh token against it), and
 * {@code "dpop-binding-only-refresh-token"} ({@code TokenManager.AccessTokenResponseBuilder} then binds the new refresh
 * token, and only it, to the proof key). Both exist from 26.4 on.
 */
final class KeycloakHandOff {

    /** Ours, beside Keycloak's {@code "dpop"}: the proof there was checked by us, not by Keycloak. */
    private static final String CHECKED_BY_US = "dpop-refresh.checked";
    private static final String REMEMBERED = "dpop-refresh.remembered";

    private KeycloakHandOff() {
    }

    /** Hands the proof to Keycloak; {@code bind}: the new refresh token is bound to its key. */
    static void handOver(KeycloakSession session, ValidProof proof, boolean bind) {
        DPoP dpop = new DPoP();
        dpop.id(proof.jti());
        dpop.iat(proof.iat());
        dpop.setHttpMethod(proof.htm());
        dpop.setHttpUri(proof.htu());
        dpop.setThumbprint(proof.thumbprint());
        session.setAttribute(CHECKED_BY_US, Boolean.TRUE);
        session.setAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, dpop);
        if (bind) {
            session.setAttribute(DPoPUtil.DPOP_BINDING_ONLY_REFRESH_TOKEN_SESSION_ATTRIBUTE, Boolean.TRUE);
        }
    }

    /**
     * With Keycloak's {@code dpop} feature on, {@code TokenEndpoint} hands every request that has a {@code DPoP}
     * header to {@code DPoPUtil.handleDPoPHeader}, which would verify our proof a second time: hidden from it.
     */
    static void hideProofFromKeycloak(KeycloakSession session) {
        session.getContext().setHttpRequest(new ProofHidingRequest(session.getContext().getHttpRequest(),
                RequestProof.DPOP_HEADER));
    }

    /** Keycloak itself checked this request's proof, the one with this {@code jti} and {@code htu}, before us. */
    static boolean checkedByKeycloak(KeycloakSession session, String jti, String htu) {
        Object dpop = session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE);
        return dpop instanceof DPoP proof && session.getAttribute(CHECKED_BY_US) == null && jti.equals(proof.getId())
                && htu.equals(proof.getHttpUri());
    }

    /** A proof Keycloak checked itself in this request and that no one has remembered for our window yet, or null. */
    static DPoP takeKeycloakCheckedProof(KeycloakSession session) {
        Object dpop = session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE);
        if (!(dpop instanceof DPoP proof) || session.getAttribute(CHECKED_BY_US) != null
                || session.getAttribute(REMEMBERED) != null) {
            return null;
        }
        session.setAttribute(REMEMBERED, Boolean.TRUE);
        return proof;
    }
}
