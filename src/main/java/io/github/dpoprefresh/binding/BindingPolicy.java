package io.github.dpoprefresh.binding;

/**
 * The decision table of the extension, as the README shows it: what a token request must bring, and what a valid
 * proof does to the refresh token issued. Pure: the caller reads the request, this decides.
 */
public final class BindingPolicy {

    /** What the request's DPoP proof must be. */
    public enum Check {
        /**
         * nothing to check: no binding is involved, or Keycloak's own DPoP support checks the proof and the binding
         * (only while its {@code dpop} feature is on)
         */
        NONE,
        /** a proof, if sent, must be valid; without one the request goes on unbound */
        IF_PRESENT,
        /** a valid proof is required ({@code required} clients) */
        REQUIRED,
        /**
         * the presented refresh token is bound: a valid proof of its key is required, and a request without a proof
         * or with another key's valid proof is a theft
         */
        BOUND_KEY
    }

    private BindingPolicy() {
    }

    /**
     * What the request must bring.
     *
     * <p>A check is left to Keycloak ({@link Check#NONE}) only where the running Keycloak provably makes it, which is
     * only while its {@code dpop} feature is on: {@code DPoPUtil.handleDPoPHeader} then checks every proof sent and
     * asks for one from a client with "Require DPoP bound tokens", and {@code TokenManager.verifyRefreshToken} refuses
     * a refresh token with {@code cnf.jkt} without a proof of that key (26.4.x and 26.5.x: only while the feature is
     * on; 26.7.x: always, so with the feature off it would refuse the holder too unless we hand the proof over). With
     * the feature off, Keycloak's switch does nothing and the client's own setting applies.
     *
     * @param client                the settings of the client the token belongs to ({@link ClientSettings#NOT_BOUND}
     *                              for confidential and bearer-only clients)
     * @param keycloakBindsClient   the client has Keycloak's own "Require DPoP bound tokens" switch on
     * @param tokenBound            the presented refresh token carries a DPoP binding ({@code cnf.jkt})
     * @param keycloakChecksProofs  Keycloak's {@code dpop} feature is on, so Keycloak checks the proofs of the
     *                              requests we leave to it, and the bindings of their refresh tokens
     */
    public static Check check(ClientSettings client, boolean keycloakBindsClient, boolean tokenBound,
            boolean keycloakChecksProofs) {
        if (keycloakBindsClient && keycloakChecksProofs) {
            // Keycloak binds both tokens and asks every request for a proof: all of it is Keycloak's
            return Check.NONE;
        }
        if (client.mode() == BindingMode.OFF) {
            // a bound token of a client switched back to off: Keycloak checks it when it checks proofs at all
            return tokenBound && !keycloakChecksProofs ? Check.BOUND_KEY : Check.NONE;
        }
        if (tokenBound) {
            return Check.BOUND_KEY;
        }
        return client.mode() == BindingMode.REQUIRED ? Check.REQUIRED : Check.IF_PRESENT;
    }

    /**
     * What a valid proof does to the refresh token the grant issues, or null when it stays unbound.
     *
     * @param tokenPresented a refresh token is presented (the refresh grant), bound or not
     * @param tokenBound     it is bound
     */
    public static Outcome outcome(boolean tokenPresented, boolean tokenBound, Settings.UnboundRefresh unboundRefresh) {
        if (tokenBound) {
            return Outcome.KEPT;
        }
        if (!tokenPresented) {
            return Outcome.NEW;
        }
        return unboundRefresh == Settings.UnboundRefresh.BIND ? Outcome.UPGRADED : null;
    }
}
