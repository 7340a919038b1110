package io.github.dpoprefresh.it.ui;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few admin REST calls the console test needs, as the master realm's bootstrap admin. */
final class ConsoleAdminRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ConsoleAdminRest(URI base) {
        this.base = base;
    }

    void createRealm(String realm) {
        send("POST", "/admin/realms", Map.of("realm", realm, "enabled", true), 201);
    }

    /** Partial update: only the fields given change. */
    void updateRealm(String realm, Map<String, Object> fields) {
        send("PUT", "/admin/realms/" + realm, fields, 204);
    }

    /** Creates a client and returns its id (not its clientId). */
    String createClient(String realm, Map<String, Object> representation) {
        HttpResponse<String> response = send("POST", "/admin/realms/" + realm + "/clients", representation, 201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    Map<String, Object> client(String realm, String id) {
        return read(send("GET", "/admin/realms/" + realm + "/clients/" + id, null, 200).body());
    }

    /** The client attribute as stored, or null. */
    String clientAttribute(String realm, String id, String attribute) {
        Object attributes = client(realm, id).get("attributes");
        return attributes instanceof Map<?, ?> map ? (String) map.get(attribute) : null;
    }

    /** A permanent admin of the master realm (the console shows a warning banner to the temporary bootstrap admin). */
    void createMasterAdmin(String username, String password) {
        HttpResponse<String> created = send("POST", "/admin/realms/master/users", Map.of(
                "username", username,
                "enabled", true,
                "email", username + "@example.org",
                "emailVerified", true,
                "firstName", "Console",
                "lastName", "Admin",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))), 201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String userId = location.substring(location.lastIndexOf('/') + 1);
        Map<String, Object> adminRole = read(send("GET", "/admin/realms/master/roles/admin", null, 200).body());
        send("POST", "/admin/realms/master/users/" + userId + "/role-mappings/realm", List.of(adminRole), 204);
    }

    private HttpResponse<String> send(String method, String path, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token());
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                        + ", expected " + expectedStatus + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String token() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli"
                + "&username=" + URLEncoder.encode(ConsoleKeycloak.ADMIN_USERNAME, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(ConsoleKeycloak.ADMIN_PASSWORD, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin token: " + response.statusCode() + " " + response.body());
        }
        return (String) read(response.body()).get("access_token");
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (IOException e) {
            throw new IllegalStateException("not a JSON object: " + json, e);
        }
    }
}
