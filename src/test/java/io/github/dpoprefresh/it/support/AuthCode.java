package io.github.dpoprefresh.it.support;

import java.util.Map;

/**
 * The result of a browser login: an authorization code still to be exchanged, with what the exchange needs.
 *
 * @param code           the {@code code} of the redirect
 * @param codeVerifier   the PKCE verifier whose S256 challenge was sent
 * @param redirectUri    the redirect URI sent to the authorization endpoint (must be sent again)
 * @param clientId       the client that logged in
 * @param state          the {@code state} sent (and checked on the redirect)
 * @param nonce          the {@code nonce} sent
 * @param callbackParams every query parameter of the redirect ({@code code}, {@code state}, {@code iss}, ...)
 */
public record AuthCode(String code, String codeVerifier, String redirectUri, String clientId,
                       String state, String nonce, Map<String, String> callbackParams) {
}
