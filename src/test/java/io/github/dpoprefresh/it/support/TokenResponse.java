package io.github.dpoprefresh.it.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An HTTP response of a Keycloak endpoint (token, revoke, logout, ...), with helpers for OAuth JSON bodies.
 *
 * @param status  HTTP status code
 * @param headers response headers; the map ignores the case of names
 * @param body    the raw body, decoded as UTF-8
 * @param json    the body parsed as JSON, or a missing node when it is not JSON
 */
public record TokenResponse(int status, Map<String, List<String>> headers, String body, JsonNode json) {

    /** A JSON member {@code "access_token": "..."}, {@code "refresh_token"}, {@code "id_token"}, ... */
    private static final Pattern TOKEN_VALUE = Pattern.compile("\"([a-z_]*token)\"\\s*:\\s*\"[^\"]*\"");

    public TokenResponse {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null) {
                copy.merge(k, List.copyOf(v), (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                });
            }
        });
        headers = Collections.unmodifiableMap(copy);
    }

    /** Builds a response from a status, headers and body text (the JSON is parsed leniently). */
    public static TokenResponse of(int status, Map<String, List<String>> headers, String body) {
        return new TokenResponse(status, headers, body, Json.parseLenient(body));
    }

    public String accessToken() {
        return text("access_token");
    }

    public String refreshToken() {
        return text("refresh_token");
    }

    public String idToken() {
        return text("id_token");
    }

    /** {@code token_type}, e.g. {@code Bearer} or {@code DPoP}. */
    public String tokenType() {
        return text("token_type");
    }

    public String error() {
        return text("error");
    }

    public String errorDescription() {
        return text("error_description");
    }

    /** A top-level string field of the JSON body, or null. */
    public String text(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The {@code DPoP-Nonce} header, or null. */
    public String dpopNonce() {
        return header("DPoP-Nonce");
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status / 100 == 2;
    }

    /** Claims of the access token (not verified). */
    public JsonNode accessTokenClaims() {
        return claims(accessToken());
    }

    /** Claims of the refresh token (Keycloak's refresh tokens are JWTs; not verified). */
    public JsonNode refreshTokenClaims() {
        return claims(refreshToken());
    }

    /** The payload of a compact JWS/JWT, base64url-decoded and parsed, without any verification. */
    public static JsonNode claims(String jwt) {
        if (jwt == null) {
            throw new IllegalArgumentException("no token");
        }
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a compact JWT (" + jwt.length() + " characters)");
        }
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        return Json.parseLenient(new String(payload, StandardCharsets.UTF_8));
    }

    /** What a failed assertion prints: the status and body, with the value of every token left out. */
    @Override
    public String toString() {
        return "HTTP " + status + " " + TOKEN_VALUE.matcher(body).replaceAll("\"$1\":\"(left out)\"");
    }
}
