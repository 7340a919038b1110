package io.github.dpoprefresh.example;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.openid.connect.sdk.Nonce;

// guide:begin (docs/app-developers.md quotes the code from here to guide:end; AppGuideQuoteTest compares the two)
/**
 * An app's token requests with a DPoP key: the Java twin of the guide's Kotlin sketch, run against a real Keycloak
 * by the integration tests (AppGuideExampleIT). A P-256 key in software stands in for the Android
 * Keystore key; the proofs are made with Nimbus's DefaultDPoPProofFactory; one instance per app installation.
 */
public final class DpopApp {

    /** What a request came to. */
    public sealed interface Outcome permits Tokens, LoggedOut, ProofRefused, LoginRequired, Failed {
    }

    /** Tokens issued; the new refresh token is stored (still bound to the key). */
    public record Tokens(String accessToken, String tokenType) implements Outcome {
    }

    /** Logged out: the refresh token and the key are deleted. */
    public record LoggedOut() implements Outcome {
    }

    /** invalid_dpop_proof twice in a row: the refresh token is still good, keep it; a bug or the device clock. */
    public record ProofRefused(String description) implements Outcome {
    }

    /** invalid_grant, or no key for the refresh token: the refresh token is deleted; start a new login. */
    public record LoginRequired(String description) implements Outcome {
    }

    /** Any other answer (a second use_dpop_nonce in a row, a server error, ...): do not loop. */
    public record Failed(int status, String error, String description) implements Outcome {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String clientId;
    private final URI tokenEndpoint;
    private final Clock clock;             // the device's clock
    private ECKey key;                     // in an app: the Keystore (Secure Enclave) key, never exported
    private String refreshToken;           // in an app: in storage that no backup copies
    private String nonce;                  // the server's latest DPoP-Nonce

    public DpopApp(String clientId, URI tokenEndpoint, Clock clock) {
        this.clientId = clientId;
        this.tokenEndpoint = tokenEndpoint;
        this.clock = clock;
    }

    /** Once, before the first login: a new P-256 key pair (in an app: createKey() of the Kotlin sketch). */
    public void createKey() throws JOSEException {
        key = new ECKeyGenerator(Curve.P_256).generate();
    }

    /** A refresh token from storage, e.g. after a restart or a backup restore. */
    public void restore(String storedRefreshToken) {
        refreshToken = storedRefreshToken;
    }

    /** After the login in the browser: the code exchange (code + PKCE) binds the new refresh token to the key. */
    public Outcome exchangeCode(String code, String codeVerifier, String redirectUri)
            throws IOException, InterruptedException, JOSEException {
        return tokenRequest(Map.of("grant_type", "authorization_code", "code", code,
                "code_verifier", codeVerifier, "redirect_uri", redirectUri));
    }

    /** A refresh, with a fresh proof of the key the refresh token is bound to. */
    public Outcome refresh() throws IOException, InterruptedException, JOSEException {
        if (refreshToken == null) {
            return new LoginRequired("no refresh token");
        }
        return tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** Logout with the refresh token: a bound one needs a proof for the logout URL. */
    public Outcome logout(URI logoutEndpoint) throws IOException, InterruptedException, JOSEException {
        Outcome outcome = refreshToken == null ? new LoggedOut()
                : send(logoutEndpoint, Map.of("refresh_token", refreshToken));
        if (outcome instanceof LoggedOut) {
            refreshToken = null;
            key = null;
        }
        return outcome;
    }

    private Outcome tokenRequest(Map<String, String> grant) throws IOException, InterruptedException, JOSEException {
        Outcome outcome = send(tokenEndpoint, grant);
        if (outcome instanceof LoginRequired) {
            refreshToken = null;
        }
        return outcome;
    }

    /** One request, a fresh proof per attempt: one retry on use_dpop_nonce, one on invalid_dpop_proof. */
    private Outcome send(URI endpoint, Map<String, String> params)
            throws IOException, InterruptedException, JOSEException {
        if (key == null) {
            // reinstall, restore onto another phone: never send a bound refresh token without its key
            return new LoginRequired("no key for the refresh token");
        }
        boolean nonceRetried = false;
        boolean proofRetried = false;
        while (true) {
            HttpResponse<String> response = post(endpoint, params);
            response.headers().firstValue("DPoP-Nonce").ifPresent(value -> nonce = value);
            if (response.statusCode() == 204) {
                return new LoggedOut();
            }
            Map<String, Object> body = json(response.body());
            if (response.statusCode() == 200) {
                refreshToken = (String) body.get("refresh_token");
                return new Tokens((String) body.get("access_token"), (String) body.get("token_type"));
            }
            String error = String.valueOf(body.get("error"));
            String description = String.valueOf(body.get("error_description"));
            if (error.equals("use_dpop_nonce") && !nonceRetried) {
                nonceRetried = true;       // the refresh token was not used: retry with the new nonce
            } else if (error.equals("invalid_dpop_proof") && !proofRetried) {
                proofRetried = true;       // the refresh token is still good: retry once with a fresh proof
            } else if (error.equals("invalid_dpop_proof")) {
                return new ProofRefused(description);
            } else if (error.equals("invalid_grant")) {
                return new LoginRequired(description);
            } else {
                return new Failed(response.statusCode(), error, description);
            }
        }
    }

    private HttpResponse<String> post(URI endpoint, Map<String, String> params)
            throws IOException, InterruptedException, JOSEException {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("client_id", clientId);
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("DPoP", dpopProof("POST", endpoint))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A DPoP proof for one request (RFC 9449 §4.2): htu without query and fragment, the latest nonce if any. */
    private String dpopProof(String method, URI url) throws JOSEException {
        URI htu = URI.create(url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath());
        return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256)
                .createDPoPJWT(new JWTID(), method, htu, Date.from(clock.instant()), null,
                        nonce == null ? null : new Nonce(nonce))
                .serialize();
    }

    /** The stored refresh token, or null. */
    public String refreshToken() {
        return refreshToken;
    }

    /** The key's JWK thumbprint (RFC 7638): the cnf.jkt of its refresh tokens; null without a key. */
    public String keyThumbprint() throws JOSEException {
        return key == null ? null : key.computeThumbprint().toString();
    }

    private static Map<String, Object> json(String body) throws IOException {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new IOException("not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
// guide:end
