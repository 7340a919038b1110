package io.github.dpoprefresh.it.support;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keycloak's real login and device pages, driven as a user would: {@link OAuthClient#loginWithCode} and
 * {@link OAuthClient#approveDevice}. Each flow has its own cookie jar.
 */
final class LoginPages {

    private static final int MAX_PAGES = 15;

    private LoginPages() {
    }

    /**
     * Authorization code flow with PKCE (S256) through Keycloak's real login form: GET the authorization endpoint,
     * fill in the login form, and take the {@code code} from the redirect to {@code redirectUri}. The code is not
     * exchanged; use {@link OAuthClient#exchangeCode} or {@link OAuthClient#token}.
     *
     * @throws IllegalStateException with the page text when Keycloak shows anything but the login form and the
     *                               redirect (an error page, a required action, a wrong password, ...)
     */
    static AuthCode loginWithCode(URI authorizationEndpoint, String clientId, String redirectUri, String username,
            String password, String scope) {
        String verifier = OAuthClient.randomToken(32);
        String state = OAuthClient.randomToken(16);
        String nonce = OAuthClient.randomToken(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        if (scope != null) {
            query.put("scope", scope);
        }
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", OAuthClient.s256(verifier));
        query.put("code_challenge_method", "S256");

        Browser browser = new Browser();
        URI url = URI.create(authorizationEndpoint + "?" + Json.form(query));
        HttpResponse<String> page = browser.get(url);
        boolean submitted = false;
        for (int i = 0; i < MAX_PAGES; i++) {
            if (isRedirect(page)) {
                URI location = url.resolve(page.headers().firstValue("Location").orElseThrow());
                if (location.toString().startsWith(redirectUri)) {
                    Map<String, String> params = OAuthClient.queryParams(location);
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
     * Plays the user's side of a device authorization in Keycloak's real pages: opens
     * {@code verification_uri_complete}, enters the user code if asked, logs in, grants consent if asked, and
     * returns once Keycloak shows its success page. Then poll with {@link OAuthClient#pollDevice}.
     *
     * @throws IllegalStateException with the page text when a page is not one of those
     */
    static void approveDevice(DeviceAuthorization device, String username, String password) {
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
            return record(OAuthClient.send(client, HttpRequest.newBuilder(url).timeout(OAuthClient.TIMEOUT).GET().build()));
        }

        HttpResponse<String> post(URI url, Map<String, String> form) {
            return record(OAuthClient.send(client, HttpRequest.newBuilder(url).timeout(OAuthClient.TIMEOUT)
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
}
