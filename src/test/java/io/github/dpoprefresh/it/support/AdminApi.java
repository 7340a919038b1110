package io.github.dpoprefresh.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A thin client of Keycloak's admin REST API ({@code /admin/realms/...}) built on {@code java.net.http} and Jackson.
 *
 * <p>It logs in to the master realm with {@code admin-cli} and the password grant, and logs in again shortly before
 * that token expires (master access tokens live only 60 s). Paths are absolute from the server root, e.g.
 * {@code /admin/realms/dpop-demo/clients}. {@link #get}, {@link #post}, {@link #put} and {@link #delete} throw
 * {@link AdminException} on a non-2xx answer; {@link #send} never does.
 */
public final class AdminApi {

    /** A raw admin API answer. */
    public record Response(int status, String location, String body, JsonNode json) {
        /** The last path segment of the {@code Location} header: the id of a created object. */
        public String createdId() {
            if (location == null) {
                throw new IllegalStateException("no Location header in HTTP " + status + " " + body);
            }
            return location.substring(location.lastIndexOf('/') + 1);
        }

        public boolean isSuccess() {
            return status / 100 == 2;
        }
    }

    /** A non-2xx answer of the admin API. */
    public static final class AdminException extends RuntimeException {
        private final Response response;

        AdminException(String request, Response response) {
            super(request + " -> HTTP " + response.status() + " " + response.body());
            this.response = response;
        }

        public Response response() {
            return response;
        }
    }

    private final URI baseUri;
    private final String username;
    private final String password;
    private final HttpClient http;
    private String token;
    private Instant tokenExpiry = Instant.EPOCH;

    /** Logs in lazily as {@code username}/{@code password} of the master realm of the server at {@code baseUri}. */
    public AdminApi(URI baseUri, String username, String password) {
        this.baseUri = baseUri;
        this.username = username;
        this.password = password;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    // ------------------------------------------------------------------ generic

    /** GET, expecting 2xx; the JSON body (a missing node when empty). */
    public JsonNode get(String path) {
        return check("GET " + path, send("GET", path, null)).json();
    }

    /** POST a JSON body (Map, JsonNode, record or JSON text), expecting 2xx. */
    public Response post(String path, Object body) {
        return check("POST " + path, send("POST", path, body));
    }

    /** PUT a JSON body, expecting 2xx. */
    public Response put(String path, Object body) {
        return check("PUT " + path, send("PUT", path, body));
    }

    /** DELETE, expecting 2xx. */
    public Response delete(String path) {
        return check("DELETE " + path, send("DELETE", path, null));
    }

    /** Any request with an optional JSON body; never throws on the status. */
    public Response send(String method, String path, Object body) {
        Response r = sendOnce(method, path, body);
        if (r.status() == 401) {
            // token revoked or expired early: log in again once
            synchronized (this) {
                tokenExpiry = Instant.EPOCH;
            }
            r = sendOnce(method, path, body);
        }
        return r;
    }

    // ------------------------------------------------------------------ realms

    /** Creates a realm from its representation; returns the realm name. */
    public String createRealm(Object realmRepresentation) {
        JsonNode rep = Json.MAPPER.valueToTree(realmRepresentation instanceof String
                ? Json.parseLenient((String) realmRepresentation) : realmRepresentation);
        post("/admin/realms", rep);
        return rep.path("realm").asText();
    }

    public JsonNode realm(String realm) {
        return get(realmPath(realm));
    }

    /** GETs the realm, applies {@code change}, PUTs it back. */
    public void updateRealm(String realm, Consumer<ObjectNode> change) {
        ObjectNode rep = (ObjectNode) realm(realm);
        change.accept(rep);
        put(realmPath(realm), rep);
    }

    public void deleteRealm(String realm) {
        delete(realmPath(realm));
    }

    /** Whether a realm of this name exists. */
    public boolean realmExists(String realm) {
        return send("GET", realmPath(realm), null).status() == 200;
    }

    // ------------------------------------------------------------------ clients

    /** Creates a client from its representation; returns its internal id. */
    public String createClient(String realm, Map<String, ?> representation) {
        return post(realmPath(realm) + "/clients", representation).createdId();
    }

    /** The representation of the client with this {@code clientId}; throws if there is none. */
    public JsonNode client(String realm, String clientId) {
        JsonNode list = get(realmPath(realm) + "/clients?clientId=" + Json.enc(clientId));
        for (JsonNode c : list) {
            if (clientId.equals(c.path("clientId").asText())) {
                return c;
            }
        }
        throw new IllegalArgumentException("no client '" + clientId + "' in realm " + realm);
    }

    /** The internal id (UUID) of a client. */
    public String clientUuid(String realm, String clientId) {
        return client(realm, clientId).path("id").asText();
    }

    /** GETs the client, applies {@code change}, PUTs it back. */
    public void updateClient(String realm, String clientId, Consumer<ObjectNode> change) {
        ObjectNode rep = (ObjectNode) client(realm, clientId);
        change.accept(rep);
        put(realmPath(realm) + "/clients/" + rep.path("id").asText(), rep);
    }

    /** Merges {@code attributes} into the client's attributes; a null value removes that attribute. */
    public void setClientAttributes(String realm, String clientId, Map<String, String> attributes) {
        updateClient(realm, clientId, rep -> {
            ObjectNode attrs = rep.has("attributes") && rep.get("attributes").isObject()
                    ? (ObjectNode) rep.get("attributes") : rep.putObject("attributes");
            attributes.forEach((k, v) -> {
                if (v == null) {
                    attrs.remove(k);
                } else {
                    attrs.put(k, v);
                }
            });
        });
    }

    /** The secret of a confidential client. */
    public String clientSecret(String realm, String clientId) {
        return get(realmPath(realm) + "/clients/" + clientUuid(realm, clientId) + "/client-secret").path("value").asText();
    }

    // ------------------------------------------------------------------ users and sessions

    /**
     * Creates an enabled user with a non-temporary password and a complete profile (email verified, first and last
     * name), so that no required action stops a login; returns the user id.
     */
    public String createUser(String realm, String username, String password) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("username", username);
        rep.put("enabled", true);
        rep.put("email", username + "@example.com");
        rep.put("emailVerified", true);
        rep.put("firstName", "Test");
        rep.put("lastName", username);
        rep.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        return post(realmPath(realm) + "/users", rep).createdId();
    }

    /** The id of the user with exactly this username. */
    public String userId(String realm, String username) {
        JsonNode list = get(realmPath(realm) + "/users?exact=true&username=" + Json.enc(username));
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no user '" + username + "' in realm " + realm);
        }
        return list.get(0).path("id").asText();
    }

    /** The user's online sessions. */
    public JsonNode userSessions(String realm, String userId) {
        return get(realmPath(realm) + "/users/" + userId + "/sessions");
    }

    /** The user's offline sessions for one client (by clientId). */
    public JsonNode offlineSessions(String realm, String userId, String clientId) {
        return get(realmPath(realm) + "/users/" + userId + "/offline-sessions/" + clientUuid(realm, clientId));
    }

    /** Logs the user out of all sessions. */
    public void logoutUser(String realm, String userId) {
        post(realmPath(realm) + "/users/" + userId + "/logout", null);
    }

    // ------------------------------------------------------------------ events and server

    /** Stored user events of the realm, newest first (at most 1000). */
    public JsonNode events(String realm) {
        return events(realm, Map.of());
    }

    /**
     * Stored user events, newest first, filtered by query parameters of the admin API, e.g.
     * {@code Map.of("type", "REFRESH_TOKEN_ERROR", "client", "native-app")}; {@code max} defaults to 1000.
     */
    public JsonNode events(String realm, Map<String, String> query) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.putIfAbsent("max", "1000");
        return get(realmPath(realm) + "/events?" + Json.form(q));
    }

    /** Deletes all stored user events of the realm. */
    public void clearEvents(String realm) {
        delete(realmPath(realm) + "/events");
    }

    /**
     * {@code GET /admin/realms/{realm}/dpop-refresh/clients/{id}/figures}: the rollout figures of the client with
     * internal id {@code clientUuid}; never throws on the status.
     */
    public Response figures(String realm, String clientUuid) {
        return send("GET", realmPath(realm) + "/dpop-refresh/clients/" + Json.enc(clientUuid) + "/figures", null);
    }

    /** {@code /admin/serverinfo}: features, providers, themes, ... */
    public JsonNode serverInfo() {
        return get("/admin/serverinfo");
    }

    /** A valid admin access token (for requests this class does not cover). */
    public synchronized String accessToken() {
        if (token == null || Instant.now().isAfter(tokenExpiry)) {
            login();
        }
        return token;
    }

    // ------------------------------------------------------------------ internals

    private static String realmPath(String realm) {
        return "/admin/realms/" + Json.enc(realm);
    }

    private Response sendOnce(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + accessToken())
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = execute(b.build());
        return new Response(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body(),
                Json.parseLenient(r.body()));
    }

    private void login() {
        String form = Json.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", password));
        HttpRequest req = HttpRequest.newBuilder(baseUri.resolve("/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> r = execute(req);
        JsonNode json = Json.parseLenient(r.body());
        if (r.statusCode() != 200 || !json.hasNonNull("access_token")) {
            throw new IllegalStateException("admin login failed: HTTP " + r.statusCode() + " " + r.body());
        }
        token = json.get("access_token").asText();
        long lifetime = json.path("expires_in").asLong(60);
        tokenExpiry = Instant.now().plusSeconds(Math.max(1, lifetime - 15));
    }

    private HttpResponse<String> execute(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.uri(), e);
        }
    }

    private static Response check(String request, Response r) {
        if (!r.isSuccess()) {
            throw new AdminException(request, r);
        }
        return r;
    }
}
