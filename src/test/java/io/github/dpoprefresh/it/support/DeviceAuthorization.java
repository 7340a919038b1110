package io.github.dpoprefresh.it.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of the device authorization endpoint (RFC 8628).
 *
 * @param clientId                the client that asked
 * @param deviceCode              {@code device_code}, to poll the token endpoint with
 * @param userCode                {@code user_code}
 * @param verificationUri         {@code verification_uri}
 * @param verificationUriComplete {@code verification_uri_complete} (includes the user code)
 * @param expiresIn               {@code expires_in} in seconds
 * @param interval                {@code interval} in seconds (minimum polling interval)
 * @param codeVerifier            the PKCE verifier whose challenge was sent, or null
 * @param json                    the whole answer
 */
public record DeviceAuthorization(String clientId, String deviceCode, String userCode, String verificationUri,
                                  String verificationUriComplete, long expiresIn, long interval, String codeVerifier,
                                  JsonNode json) {
}
