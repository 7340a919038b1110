package io.github.dpoprefresh.it.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OAuth client of one realm of a {@link KeycloakServer}, speaking plain HTTP so that tests control every header.
 *
 * <ul>
 *   <li>{@link #token} and {@link #post} send form posts with {@code java.net.http} (HTTP/1.1, no redirects);
 *       {@link #token} adds one {@code DPoP} header per given proof.</li>
 *   <li>{@link #rawPost} and {@link #rawRequest} write hand-built bytes to a socket, for requests that
 *       {@code java.net.http} refuses to send (odd header names or bytes, huge headers).</li>
 *   <li>{@link #loginWithCode} and {@link #approveDevice} drive Keycloak's real login pages, each flow with its own
 *       cookie jar.</li>
 * </ul>
 *
 * This class creates no DPoP proofs: callers pass them in (e.g. made with Nimbus {@code DefaultDPoPProofFactory}).
 */
public final class OAuthClient {

    /** A loopback redirect URI that {@code native-app} and {@code strict-app} of the demo realm accept. */
    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1/callback";

    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KeycloakServer server;
    private final String realm;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, String> extraHeaders;
    private final HttpClient http;

    /**
     * @param server       a started server
     * @param realm        realm name
     * @param clientId     the client used by the convenience methods ({@link #exchangeCode}, {@link #refresh}, ...)
     * @param clientSecret its secret for {@code client_secret_post}, or null for a public client
     */
    public OAuthClient(KeycloakServer server, String realm, String clientId, String clientSecret) {
        this(server, realm, clientId, clientSecret, Map.of());
    }

    private OAuthClient(KeycloakServer server, String realm, String clientId, String clientSecret,
            Map<String, String> extraHeaders) {
        this.server = server;
        this.realm = realm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.extraHeaders = Map.copyOf(extraHeaders);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * A client that adds {@code headers} to every request of {@link #post} (so also {@link #token}, {@link #refresh},
     * ...), e.g. the {@code X-Forwarded-*} headers a load balancer in front of the server would add.
     */
    public OAuthClient withHeaders(Map<String, String> headers) {
        return new OAuthClient(server, realm, clientId, clientSecret, headers);
    }

    public String realm() {
        return realm;
    }

    public String clientId() {
        return clientId;
    }

    // ------------------------------------------------------------------ endpoints

    public URI tokenEndpoint() {
        return server.tokenEndpoint(realm);
    }

    public URI authorizationEndpoint() {
        return oidc("auth");
    }

    public URI deviceAuthorizationEndpoint() {
        return oidc("auth/device");
    }

    public URI revocationEndpoint() {
        return oidc("revoke");
    }

    public URI logoutEndpoint() {
        return oidc("logout");
    }

    public URI introspectionEndpoint() {
        return oidc("token/introspect");
    }

    public URI userInfoEndpoint() {
        return oidc("userinfo");
    }

    private URI oidc(String path) {
        return URI.create(server.realmUri(realm) + "/protocol/openid-connect/" + path);
    }

    // ------------------------------------------------------------------ token endpoint

    /**
     * POSTs {@code form} as sent (nothing is added) to the token endpoint, with one {@code DPoP} header per value of
     * {@code dpopHeaders} (none, one or several).
     */
    public TokenResponse token(Map<String, String> form, String... dpopHeaders) {
        return post(tokenEndpoint(), form, Map.of("DPoP", List.of(dpopHeaders)));
    }

    /** POSTs a form to any endpoint with the given headers (each value sent as its own header line). */
    public TokenResponse post(URI endpoint, Map<String, String> form, Map<String, List<String>> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Json.form(form)));
        extraHeaders.forEach(b::header);
        headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        HttpResponse<String> r = send(http, b.build());
        return TokenResponse.of(r.statusCode(), r.headers().map(), r.body());
    }

    /** Exchanges a code from {@link #loginWithCode} (adds client id, secret, redirect URI and PKCE verifier). */
    public TokenResponse exchangeCode(AuthCode code, String... dpopHeaders) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code.code());
        form.put("redirect_uri", code.redirectUri());
        form.put("code_verifier", code.codeVerifier());
        form.put("client_id", code.clientId());
        addSecret(form, code.clientId());
        return token(form, dpopHeaders);
    }

    /** {@code grant_type=refresh_token} for this client. */
    public TokenResponse refresh(String refreshToken, String... dpopHeaders) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        addSecret(form, clientId);
        return token(form, dpopHeaders);
    }

    /** One poll of the token endpoint with {@code grant_type=urn:ietf:params:oauth:grant-type:device_code}. */
    public TokenResponse pollDevice(DeviceAuthorization device, String... dpopHeaders) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        form.put("device_code", device.deviceCode());
        form.put("client_id", device.clientId());
        if (device.codeVerifier() != null) {
            form.put("code_verifier", device.codeVerifier());
        }
        addSecret(form, device.clientId());
        return token(form, dpopHeaders);
    }

    /** RFC 7009 revocation of a token by this client. */
    public TokenResponse revoke(String token, String tokenTypeHint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (tokenTypeHint != null) {
            form.put("token_type_hint", tokenTypeHint);
        }
        form.put("client_id", clientId);
        addSecret(form, clientId);
        return post(revocationEndpoint(), form, Map.of());
    }

    /** Back-channel logout with a refresh token (POST to the logout endpoint), optionally with DPoP proofs. */
    public TokenResponse logout(String refreshToken, String... dpopHeaders) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("refresh_token", refreshToken);
        form.put("client_id", clientId);
        addSecret(form, clientId);
        return post(logoutEndpoint(), form, Map.of("DPoP", List.of(dpopHeaders)));
    }

    private void addSecret(Map<String, String> form, String forClient) {
        if (clientSecret != null && forClient.equals(clientId)) {
            form.put("client_secret", clientSecret);
        }
    }

    // ------------------------------------------------------------------ raw HTTP/1.1

    /**
     * POSTs {@code body} with hand-built header lines over a plain socket. The request is
     * {@code POST <path> HTTP/1.1}, {@code Host}, {@code Content-Length} and {@code Connection: close}, then
     * {@code rawHeaderBlock} exactly as given (CRLF-separated lines, e.g. a {@code Content-Type} and odd {@code DPoP}
     * lines; a final CRLF is added if missing), then the blank line and the body.
     */
    public TokenResponse rawPost(URI endpoint, byte[] rawHeaderBlock, byte[] body) {
        return rawRequest(endpoint.getHost(), endpoint.getPort(), RawHttp.post(endpoint, rawHeaderBlock, body));
    }

    /** {@link #rawPost} of a form to the token endpoint; adds the form {@code Content-Type} before {@code rawHeaderBlock}. */
    public TokenResponse rawTokenPost(Map<String, String> form, byte[] rawHeaderBlock) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        RawHttp.writeAscii(headers, "Content-Type: application/x-www-form-urlencoded\r\n");
        headers.writeBytes(rawHeaderBlock);
        return rawPost(tokenEndpoint(), headers.toByteArray(), Json.form(form).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a complete hand-built request to {@code host:port} and parses the answer (status line, headers,
     * body by {@code Content-Length}, chunked encoding or end of stream). The request should say
     * {@code Connection: close}. If the server closes while the request is still being written (e.g. a 431 for a
     * huge header), the answer it sent is still returned.
     */
    public static TokenResponse rawRequest(String host, int port, byte[] request) {
        return RawHttp.request(host, port, request, TIMEOUT);
    }

    // ------------------------------------------------------------------ browser flows

    /** {@link #loginWithCode(String, String, String, String, String)} for this client, {@link #DEFAULT_REDIRECT_URI}, scope {@code openid}. */
    public AuthCode loginWithCode(String username, String password) {
        return loginWithCode(clientId, DEFAULT_REDIRECT_URI, username, password, "openid");
    }

    /**
     * Authorization code flow with PKCE (S256) through Keycloak's real login form: GET the authorization endpoint,
     * fill in the login form, and take the {@code code} from the redirect to {@code redirectUri}. The code is not
     * exchanged; use {@link #exchangeCode} or {@link #token}.
     *
     * @throws IllegalStateException with the page text when Keycloak shows anything but the login form and the
     *                               redirect (an error page, a required action, a wrong password, ...)
     */
    public AuthCode loginWithCode(String clientId, String redirectUri, String username, String password, String scope) {
        return LoginPages.loginWithCode(authorizationEndpoint(), clientId, redirectUri, username, password, scope);
    }

    /**
     * Starts a device authorization (RFC 8628) for {@code clientId} (its secret is sent if it is this client). A PKCE
     * S256 challenge is always sent: Keycloak requires one from clients whose {@code pkce.code.challenge.method} is
     * set, and {@link #pollDevice} sends the verifier.
     */
    public DeviceAuthorization startDevice(String clientId, String scope) {
        String verifier = randomToken(32);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        if (scope != null) {
            form.put("scope", scope);
        }
        form.put("code_challenge", s256(verifier));
        form.put("code_challenge_method", "S256");
        addSecret(form, clientId);
        TokenResponse r = post(deviceAuthorizationEndpoint(), form, Map.of());
        if (r.status() != 200) {
            throw new IllegalStateException("device authorization failed: " + r);
        }
        JsonNode j = r.json();
        return new DeviceAuthorization(clientId, j.path("device_code").asText(), j.path("user_code").asText(),
                j.path("verification_uri").asText(), j.path("verification_uri_complete").asText(null),
                j.path("expires_in").asLong(), j.path("interval").asLong(5), verifier, j);
    }

    /**
     * Plays the user's side of a device authorization in Keycloak's real pages: opens
     * {@code verification_uri_complete}, enters the user code if asked, logs in, grants consent if asked, and
     * returns once Keycloak shows its success page. Then poll with {@link #pollDevice}.
     *
     * @throws IllegalStateException with the page text when a page is not one of those
     */
    public void approveDevice(DeviceAuthorization device, String username, String password) {
        LoginPages.approveDevice(device, username, password);
    }

    /** The query parameters of a URI (first value of each). */
    public static Map<String, String> queryParams(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return params;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(k, v);
        }
        return params;
    }

    /** PKCE S256 challenge of a verifier. */
    public static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.uri(), e);
        }
    }
}
