package io.github.dpoprefresh.binding;

import org.keycloak.models.ClientModel;

/**
 * What happens, besides the refusal, when a bound refresh token comes without a proof or with a valid proof of
 * another key: the client attribute {@value #ATTRIBUTE}.
 */
public enum TheftResponse {

    /** The request is refused; nothing else happens (also when the attribute is absent or unknown). */
    REJECT,
    /** The request is refused and the (offline) user session the token belongs to is ended. */
    REVOKE_SESSION;

    public static final String ATTRIBUTE = "dpop.refresh.theft-response";

    public static TheftResponse of(ClientModel client) {
        return "revoke-session".equalsIgnoreCase(client.getAttribute(ATTRIBUTE)) ? REVOKE_SESSION : REJECT;
    }

    public String option() {
        return this == REJECT ? "reject" : "revoke-session";
    }
}
