package io.github.dpoprefresh.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_PAGES = 15;

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
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        String path = endpoint.getRawPath() + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
        writeAscii(req, "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n");
        req.writeBytes(rawHeaderBlock);
        int n = rawHeaderBlock.length;
        if (n > 0 && !(n >= 2 && rawHeaderBlock[n - 2] == '\r' && rawHeaderBlock[n - 1] == '\n')) {
            writeAscii(req, "\r\n");
        }
        writeAscii(req, "\r\n");
        req.writeBytes(body);
        return rawRequest(endpoint.getHost(), endpoint.getPort(), req.toByteArray());
    }

    /** {@link #rawPost} of a form to the token endpoint; adds the form {@code Content-Type} before {@code rawHeaderBlock}. */
    public TokenResponse rawTokenPost(Map<String, String> form, byte[] rawHeaderBlock) {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        writeAscii(headers, "Content-Type: application/x-www-form-urlencoded\r\n");
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
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            IOException writeFailure = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            } catch (IOException e) {
                writeFailure = e;
            }
            try {
                return readResponse(socket.getInputStream());
            } catch (IOException e) {
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to " + host + ":" + port, e);
        }
    }

    private static TokenResponse readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed without a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String length = first(headers, "content-length");
        String encoding = first(headers, "transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    break;
                }
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (n == 0) {
                    break;
                }
                b.writeBytes(in.readNBytes(n));
                readLine(in);
            }
            body = b.toByteArray();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.trim()));
        } else {
            body = in.readAllBytes();
        }
        return TokenResponse.of(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** One CRLF- (or LF-) terminated line as ISO-8859-1; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
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
        String verifier = randomToken(32);
        String state = randomToken(16);
        String nonce = randomToken(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        if (scope != null) {
            query.put("scope", scope);
        }
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", s256(verifier));
        query.put("code_challenge_method", "S256");

        Browser browser = new Browser();
        URI url = URI.create(authorizationEndpoint() + "?" + Json.form(query));
        HttpResponse<String> page = browser.get(url);
        boolean submitted = false;
        for (int i = 0; i < MAX_PAGES; i++) {
            if (isRedirect(page)) {
                URI location = url.resolve(page.headers().firstValue("Location").orElseThrow());
                if (location.toString().startsWith(redirectUri)) {
                    Map<String, String> params = queryParams(location);
                    if (params.containsKey("error")) {
                        throw new IllegalStateException("authorization failed: " + params);
                    }
                    if (!state.equals(params.get("state"))) {
                        throw new IllegalStateException("state mismatch in redirect " + location);
                    }
                    return new AuthCode(params.get("code"), verifier, redirectUri, clientId, state, nonce, params);
                }
                url = location;
                page = browser.get(url);
                continue;
            }
            Document doc = Jsoup.parse(page.body(), url.toString());
            FormElement form = formWith(doc, "input[name=password]");
            if (page.statusCode() != 200 || form == null || submitted) {
                throw new IllegalStateException("login of '" + username + "' to " + clientId
                        + " did not end in a redirect; Keycloak showed: " + describe(page, doc)
                        + "\npages:\n  " + browser.trace());
            }
            Map<String, String> data = formData(form);
            data.put("username", username);
            data.put("password", password);
            url = URI.create(form.absUrl("action"));
            page = browser.post(url, data);
            submitted = true;
        }
        throw new IllegalStateException("too many pages during login of " + username);
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
        Browser browser = new Browser();
        URI url = URI.create(device.verificationUriComplete() != null
                ? device.verificationUriComplete() : device.verificationUri());
        HttpResponse<String> page = browser.get(url);
        boolean loggedIn = false;
        boolean codeEntered = false;
        boolean consented = false;
        for (int i = 0; i < MAX_PAGES; i++) {
            if (isRedirect(page)) {
                url = url.resolve(page.headers().firstValue("Location").orElseThrow());
                page = browser.get(url);
                continue;
            }
            Document doc = Jsoup.parse(page.body(), url.toString());
            FormElement login = formWith(doc, "input[name=password]");
            FormElement userCode = formWith(doc, "input[name=device_user_code]");
            FormElement consent = formWith(doc, "[name=accept]");
            Map<String, String> data;
            FormElement form;
            if (page.statusCode() == 200 && login != null && !loggedIn) {
                form = login;
                data = formData(form);
                data.put("username", username);
                data.put("password", password);
                loggedIn = true;
            } else if (page.statusCode() == 200 && userCode != null && !codeEntered) {
                form = userCode;
                data = formData(form);
                data.put("device_user_code", device.userCode());
                codeEntered = true;
            } else if (page.statusCode() == 200 && consent != null && !consented) {
                form = consent;
                data = formData(form);
                Element accept = consent.selectFirst("[name=accept]");
                data.put("accept", accept.hasAttr("value") ? accept.attr("value") : "Yes");
                consented = true;
            } else if (page.statusCode() == 200 && doc.select("form").isEmpty() && loggedIn
                    && doc.text().toLowerCase(Locale.ROOT).contains("success")) {
                return;
            } else {
                throw new IllegalStateException("device approval by '" + username + "' stopped; Keycloak showed: "
                        + describe(page, doc) + "\npages:\n  " + browser.trace());
            }
            url = URI.create(form.absUrl("action"));
            page = browser.post(url, data);
        }
        throw new IllegalStateException("too many pages during device approval by " + username);
    }

    /**
     * A user agent for one flow: its own cookie jar ({@link LoopbackCookieJar}), no automatic redirects. It keeps a
     * trace of the pages it saw for error messages (printed as it goes with {@code -Dharness.trace=true}).
     */
    private static final class Browser {
        private static final boolean PRINT = Boolean.getBoolean("harness.trace");
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new LoopbackCookieJar())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        private final List<String> trace = new ArrayList<>();

        HttpResponse<String> get(URI url) {
            return record(send(client, HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build()));
        }

        HttpResponse<String> post(URI url, Map<String, String> form) {
            return record(send(client, HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.form(form)))
                    .build()));
        }

        private HttpResponse<String> record(HttpResponse<String> r) {
            String u = r.uri().getRawPath();
            String entry = r.request().method() + " " + u + " -> " + r.statusCode()
                    + r.headers().firstValue("Location").map(l -> " Location: " + l.replaceAll("\\?.*", "?...")).orElse("")
                    + (r.statusCode() == 200 ? " '" + Jsoup.parse(r.body()).title() + "'" : "");
            trace.add(entry);
            if (PRINT) {
                System.out.println("[harness] " + entry);
            }
            return r;
        }

        String trace() {
            return String.join("\n  ", trace);
        }
    }

    private static FormElement formWith(Document doc, String cssQuery) {
        for (FormElement f : doc.forms()) {
            if (f.selectFirst(cssQuery) != null) {
                return f;
            }
        }
        return null;
    }

    /** The form's fields (inputs with a name, without submit buttons). */
    private static Map<String, String> formData(FormElement form) {
        Map<String, String> data = new LinkedHashMap<>();
        form.formData().forEach(kv -> data.put(kv.key(), kv.value()));
        return data;
    }

    private static String describe(HttpResponse<String> page, Document doc) {
        String text = doc.text();
        return "HTTP " + page.statusCode() + " " + page.uri() + " '" + doc.title() + "': "
                + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
    }

    private static boolean isRedirect(HttpResponse<?> r) {
        return r.statusCode() / 100 == 3 && r.headers().firstValue("Location").isPresent();
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

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
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
