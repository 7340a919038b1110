package io.github.dpoprefresh.binding;


/**
 * What happens, besides the refusal, when a bound refresh token comes without a proof or with a valid proof of
 * another key: the client attribute {@value ClientSettings#THEFT_RESPONSE}.
 */
public enum TheftResponse {

    /** The request is refused; nothing else happens (also when the attribute is absent). */
    REJECT("reject"),
    /** The request is refused and the (offline) user session the token belongs to is ended. */
    REVOKE_SESSION("revoke-session");

    private final String option;

    TheftResponse(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }
}
