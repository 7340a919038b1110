package io.github.dpoprefresh.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dpoprefresh.it.support.AdminApi;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import io.github.dpoprefresh.it.support.OAuthClient;
import io.github.dpoprefresh.it.support.TokenResponse;
import io.github.dpoprefresh.testing.ProofKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console an admin meets, in a real headless Chromium against the real Keycloak with the extension jar
 * (the harness's shared {@code dpop-on} server), on whichever Keycloak version the harness runs
 * ({@link KeycloakUnderTest}): the server's own console (theme {@code dpop-admin}, parent {@code keycloak.v2}) with
 * the DPoP settings added to a client's Settings tab by the theme's module script. Nothing here depends on the
 * console's English texts: the master admin works in English (for the screenshots), a realm admin of the test realm
 * in German.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code -Dchrome.binary=...}
 * {@code -Dchromedriver=...}); without them the test fails, it does not skip. With
 * {@code -Dui.screenshot.docs=true} it also writes its screenshots to {@code docs/images/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Admin console: the DPoP settings in the server's own console")
class AdminConsoleDpopSettingIT {

    private static final String THEME = "dpop-admin";
    private static final String REALM = "console-ui";
    private static final String ATTRIBUTE = "dpop.refresh.binding";
    private static final String THEFT_ATTRIBUTE = "dpop.refresh.theft-response";
    private static final String NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
    private static final String CORE_DPOP_ATTRIBUTE = "dpop.bound.access.tokens";
    private static final String PASSWORD = "console-admin-password";
    private static final String MASTER_ADMIN = "console-admin";
    private static final String GERMAN_ADMIN = "realm-admin-de";
    private static final String VIEWER = "client-viewer";
    private static final String NO_CLIENT_VIEWER = "realm-viewer";
    /** The theme's test hook: with this localStorage key set, the control never finds its place. */
    private static final String NO_PLACE_HOOK = "dpop-refresh.test.no-place";
    /** This test's own page hook (added to the page by the test, not by the theme): the figures request's answer. */
    private static final String FIGURES_ANSWER = "dpop-refresh.it.figures-answer";
    private static final String FIGURES_USER = "figures-user";

    private static final By SETTINGS = By.cssSelector("[data-testid=dpop-refresh-settings]");
    private static final By CONTROL = By.cssSelector("[data-testid=dpop-refresh-binding]");
    private static final By THEFT_CONTROL = By.cssSelector("[data-testid=dpop-refresh-theft-response]");
    private static final By NONCE_CONTROL = By.cssSelector("[data-testid=dpop-refresh-require-nonce]");
    private static final By NONCE_SWITCH = By.id("dpop-refresh-require-nonce-switch");
    private static final By BINDING_NOTES = By.cssSelector("[data-testid=dpop-refresh-binding-notes]");
    private static final By FIGURES = By.cssSelector("[data-testid=dpop-refresh-figures]");
    private static final By FIGURES_VERDICT = By.cssSelector("[data-testid=dpop-refresh-figures-verdict]");
    private static final By FIGURES_NOTE = By.cssSelector("[data-testid=dpop-refresh-figures-note]");
    private static final By FIGURES_FAILED = By.cssSelector("[data-testid=dpop-refresh-figures-notes]");
    private static final By CONFIDENTIAL_NOTE = By.cssSelector("[data-testid=dpop-refresh-confidential]");
    private static final By CLEAR = By.cssSelector("[data-testid=dpop-refresh-clear]");
    /** Anything the control draws (its container stays in the form, empty when there is nothing to show). */
    private static final By ANY_DPOP_SETTING =
            By.cssSelector("[data-testid=dpop-refresh-settings] *, [id^=dpop-refresh-]");
    private static final By CAPABILITY_FORM = By.cssSelector("[data-testid=capability-config-form]");
    private static final By DESCRIPTION = By.cssSelector("[data-testid=description]");
    private static final By SAVE = By.cssSelector("[data-testid=settings-save]");
    private static final By REVERT = By.cssSelector("[data-testid=settings-revert]");
    private static final By SAVED = By.cssSelector(".pf-v5-c-alert.pf-m-success");
    private static final By REFUSED = By.cssSelector(".pf-v5-c-alert.pf-m-danger");
    private static final By CLIENT_AUTHENTICATION = By.cssSelector("label.pf-v5-c-switch[for=kc-authentication]");
    /** Keycloak's own "Require DPoP bound tokens" switch (SwitchControl: data-testid is the attribute path). */
    private static final By CORE_DPOP_INPUT =
            By.cssSelector("input[data-testid='attributes." + CORE_DPOP_ATTRIBUTE + "']");
    private static final By CORE_DPOP_SWITCH =
            By.xpath("//input[@data-testid='attributes." + CORE_DPOP_ATTRIBUTE + "']/parent::label");

    private final String version = KeycloakUnderTest.version();
    private final List<WebDriver> browsers = new ArrayList<>();

    private KeycloakServer keycloak;
    private AdminApi admin;
    private WebDriver browser;
    private WebDriverWait wait;

    private String publicClient;
    private String revertClient;
    private String keyboardClient;
    private String confidentialClient;
    private String samlClient;
    private String oddValueClient;
    private String coreDpopClient;
    private String storedConfidentialClient;
    private String germanClient;
    private String viewedClient;

    @BeforeAll
    void startKeycloakAndBrowser() {
        keycloak = KeycloakServers.dpopFeatureOn();
        admin = keycloak.admin();
        assertThat(admin.serverInfo().path("systemInfo").path("version").asText())
                .as("the server the harness started is the version the test expects")
                .isEqualTo(version);
        // how an operator selects the theme (README): the admin theme of every realm whose console is used
        admin.updateRealm("master", realm -> realm.put("adminTheme", THEME));
        // a permanent admin: the console shows a warning banner to the temporary bootstrap admin
        String adminId = admin.createUser("master", MASTER_ADMIN, PASSWORD);
        admin.post("/admin/realms/master/users/" + adminId + "/role-mappings/realm",
                List.of(admin.get("/admin/realms/master/roles/admin")));
        // values that mean nothing: saving one is refused, so they come with the realm (an import)
        admin.createRealm(Map.of("realm", REALM, "enabled", true, "adminTheme", THEME,
                "internationalizationEnabled", true, "supportedLocales", List.of("en", "de"), "defaultLocale", "en",
                "clients", List.of(Map.of("clientId", "legacy-app", "publicClient", true,
                        "attributes", Map.of(ATTRIBUTE, "sometimes", NONCE_ATTRIBUTE, "yes",
                                THEFT_ATTRIBUTE, "maybe")))));
        realmAdmin(List.of("realm-admin"), GERMAN_ADMIN, "de");
        realmAdmin(List.of("view-clients", "view-realm"), VIEWER, null);
        realmAdmin(List.of("view-realm"), NO_CLIENT_VIEWER, null);

        publicClient = admin.createClient(REALM, Map.of(
                "clientId", "mobile-app", "name", "Mobile app", "description", "before", "publicClient", true,
                "redirectUris", List.of("com.example.app:/callback"),
                "attributes", Map.of("pkce.code.challenge.method", "S256")));
        revertClient = admin.createClient(REALM, Map.of("clientId", "spa", "publicClient", true));
        keyboardClient = admin.createClient(REALM, Map.of("clientId", "keyboard-app", "publicClient", true));
        germanClient = admin.createClient(REALM, Map.of("clientId", "german-app", "publicClient", true));
        viewedClient = admin.createClient(REALM, Map.of("clientId", "viewed-app", "publicClient", true,
                "attributes", Map.of(ATTRIBUTE, "required")));
        confidentialClient = admin.createClient(REALM, Map.of(
                "clientId", "backend", "publicClient", false, "secret", "backend-secret"));
        // without a client signature: Keycloak then generates no key pair (slow on a loaded machine)
        samlClient = admin.createClient(REALM, Map.of("clientId", "urn:example:sp", "protocol", "saml",
                "attributes", Map.of("saml.client.signature", "false")));
        oddValueClient = admin.clientUuid(REALM, "legacy-app");
        coreDpopClient = admin.createClient(REALM, Map.of(
                "clientId", "core-dpop-app", "publicClient", true,
                "attributes", Map.of(CORE_DPOP_ATTRIBUTE, "true", ATTRIBUTE, "optional")));
        storedConfidentialClient = admin.createClient(REALM, Map.of(
                "clientId", "was-public", "publicClient", false, "secret", "was-public-secret",
                "attributes", Map.of(ATTRIBUTE, "required", NONCE_ATTRIBUTE, "true")));

        browser = logIn("master", MASTER_ADMIN);
        wait = waitFor(browser);
    }

    /** A user of the test realm with these roles of its realm-management client, and an admin locale if given. */
    private void realmAdmin(List<String> roles, String username, String locale) {
        String userId = admin.createUser(REALM, username, PASSWORD);
        if (locale != null) {
            // the admin's locale, as the account console stores it
            ObjectNode user = (ObjectNode) admin.get("/admin/realms/" + REALM + "/users/" + userId);
            user.putObject("attributes").putArray("locale").add(locale);
            admin.put("/admin/realms/" + REALM + "/users/" + userId, user);
        }
        String management = admin.clientUuid(REALM, "realm-management");
        List<JsonNode> mapped = new ArrayList<>();
        for (String role : roles) {
            mapped.add(admin.get("/admin/realms/" + REALM + "/clients/" + management + "/roles/" + role));
        }
        admin.post("/admin/realms/" + REALM + "/users/" + userId + "/role-mappings/clients/" + management, mapped);
    }

    @AfterAll
    void stopBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    @DisplayName("the theme list offers dpop-admin with its description, and the console is the server's own")
    void theServersOwnConsoleWithTheTheme() {
        JsonNode info = admin.serverInfo();
        List<String> adminThemes = new ArrayList<>();
        info.path("themes").path("admin").forEach(theme -> adminThemes.add(theme.path("name").asText()));
        assertThat(adminThemes).contains(THEME, "keycloak.v2");
        JsonNode theme = themeInfo(info, THEME);
        if (theme.has("description")) {
            // theme descriptions in the theme list are newer than 26.4
            assertThat(theme.path("description").asText()).contains("DPoP-bound refresh token settings");
        }

        browser.get(keycloak.baseUri() + "/admin/master/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-masthead")));
        String page = (String) js(browser, "return document.documentElement.outerHTML");
        assertThat(page).as("our module, from our theme's resources")
                .contains("/admin/" + THEME + "/js/dpop-refresh.js");
        assertThat(scriptSources(browser)).as("the console's own entry script, of this server (no second console)")
                .anyMatch(src -> src.contains("/admin/" + THEME + "/assets/main-"));
        assertThat((Long) js(browser, "return document.querySelectorAll('script[type=importmap]').length"))
                .as("the console's one import map: one React").isEqualTo(1L);
    }

    @Test
    @DisplayName("nothing lost: our setting and a stock field saved with the page's Save, after a reload both "
            + "changed; saving one never writes back a stale value of the other; Revert restores both")
    void ourSettingAndStockFieldsSaveTogether() throws IOException {
        openSettings(browser, publicClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(radio(browser, "off").isSelected()).as("no attribute means Off").isTrue();
        assertThat(theftRadio(browser, "reject").isSelected()).as("no attribute means Reject").isTrue();
        assertThat(browser.findElement(NONCE_SWITCH).isSelected()).as("no attribute means no nonce").isFalse();
        assertThat(browser.findElement(CONTROL).getText())
                .contains("DPoP-bound refresh tokens", "Off", "Optional", "Required")
                .as("Off says what this server does: its dpop feature is on")
                .contains("Keycloak's own DPoP applies", "token_type DPoP");
        assertThat(browser.findElements(BINDING_NOTES)).as("nothing to explain").isEmpty();

        select(browser, "optional");
        click(browser, By.cssSelector("label[for=dpop-refresh-theft-response-revoke-session]"));
        click(browser, By.cssSelector("label.pf-v5-c-switch[for=dpop-refresh-require-nonce-switch]"));
        wait.until(d -> d.findElement(NONCE_SWITCH).isSelected());
        replaceText(browser, DESCRIPTION, "first save");
        save(browser);

        JsonNode client = admin.client(REALM, "mobile-app");
        assertThat(client.path("description").asText()).isEqualTo("first save");
        assertThat(attribute(publicClient, ATTRIBUTE)).isEqualTo("optional");
        assertThat(attribute(publicClient, THEFT_ATTRIBUTE)).isEqualTo("revoke-session");
        assertThat(attribute(publicClient, NONCE_ATTRIBUTE)).isEqualTo("true");
        assertThat(attribute(publicClient, "pkce.code.challenge.method"))
                .as("the console's other settings are saved as before").isEqualTo("S256");

        // the console's form still holds the attributes it loaded (no binding): a Save of a stock field only
        replaceText(browser, DESCRIPTION, "second save");
        save(browser);
        assertThat(admin.client(REALM, "mobile-app").path("description").asText()).isEqualTo("second save");
        assertThat(attribute(publicClient, ATTRIBUTE)).as("not the console's stale copy").isEqualTo("optional");
        assertThat(attribute(publicClient, NONCE_ATTRIBUTE)).isEqualTo("true");
        // a Save of our setting only
        select(browser, "required");
        save(browser);
        assertThat(attribute(publicClient, ATTRIBUTE)).isEqualTo("required");
        assertThat(admin.client(REALM, "mobile-app").path("description").asText())
                .as("not a stale description").isEqualTo("second save");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(radio(browser, "required").isSelected()).isTrue();
        assertThat(theftRadio(browser, "revoke-session").isSelected()).isTrue();
        assertThat(browser.findElement(NONCE_SWITCH).isSelected()).isTrue();
        assertThat(browser.findElement(DESCRIPTION).getAttribute("value")).isEqualTo("second save");
        screenshot(browser, "admin-console-dpop-refresh-" + version + ".png", CONTROL, true);

        // Revert: both back to what is stored
        select(browser, "off");
        replaceText(browser, DESCRIPTION, "not saved");
        click(browser, REVERT);
        wait.until(d -> radio(d, "required").isSelected());
        wait.until(d -> "second save".equals(d.findElement(DESCRIPTION).getAttribute("value")));
        assertThat(attribute(publicClient, ATTRIBUTE)).isEqualTo("required");
    }

    @Test
    @DisplayName("Revert puts back the saved value, also when the client has no attribute yet")
    void revertRestoresTheSavedValue() {
        openSettings(browser, revertClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        select(browser, "required");
        click(browser, REVERT);
        wait.until(d -> radio(d, "off").isSelected());
        assertThat(attribute(revertClient, ATTRIBUTE)).isNull();
    }

    @Test
    @DisplayName("with Keycloak's Require DPoP bound tokens on (dpop feature on), the settings are disabled and say "
            + "why; switching it off enables them at once")
    void coreDpopDisablesTheSettings() {
        openSettings(browser, coreDpopClient);
        WebElement notes = wait.until(ExpectedConditions.visibilityOfElementLocated(BINDING_NOTES));
        assertThat(notes.getText()).contains("Require DPoP bound tokens is on", "binds and checks", "do not apply");
        assertThat(radio(browser, "optional").isSelected()).as("the stored value is shown").isTrue();
        for (String mode : List.of("off", "optional", "required")) {
            assertThat(radio(browser, mode).isEnabled()).as(mode).isFalse();
        }
        assertThat(theftRadio(browser, "revoke-session").isEnabled()).isFalse();
        assertThat(browser.findElement(NONCE_SWITCH).isEnabled()).isFalse();

        click(browser, CORE_DPOP_SWITCH);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(BINDING_NOTES));
        assertThat(radio(browser, "required").isEnabled()).isTrue();
        assertThat(browser.findElement(NONCE_SWITCH).isEnabled()).isTrue();
        click(browser, CORE_DPOP_SWITCH);
        wait.until(ExpectedConditions.visibilityOfElementLocated(BINDING_NOTES));
        assertThat(radio(browser, "required").isEnabled()).isFalse();
        click(browser, REVERT);
    }

    @Test
    @DisplayName("flipping Client authentication hides and shows the settings without a reload")
    void clientAuthenticationTogglesTheControl() {
        openSettings(browser, revertClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        click(browser, CLIENT_AUTHENTICATION);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(CONTROL));
        assertThat(browser.findElements(ANY_DPOP_SETTING)).as("nothing stored, nothing shown").isEmpty();
        click(browser, CLIENT_AUTHENTICATION);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        click(browser, REVERT);
    }

    @Test
    @DisplayName("confidential and SAML clients show no control")
    void confidentialAndSamlClientsHaveNoControl() {
        openSettings(browser, confidentialClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CAPABILITY_FORM));
        settle();
        assertThat(browser.findElements(ANY_DPOP_SETTING)).isEmpty();
        openSettings(browser, samlClient);
        settle();
        assertThat(browser.findElements(ANY_DPOP_SETTING)).isEmpty();
    }

    @Test
    @DisplayName("a confidential client with stored settings says they have no effect; Clear and Save remove them")
    void confidentialClientWithStoredSettingsCanClearThem() {
        openSettings(browser, storedConfidentialClient);
        WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(CONFIDENTIAL_NOTE));
        assertThat(note.getText()).contains(ATTRIBUTE + "=required", NONCE_ATTRIBUTE + "=true", "no effect")
                .doesNotContain(THEFT_ATTRIBUTE);
        assertThat(browser.findElements(CONTROL)).isEmpty();
        click(browser, CLEAR);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(CONFIDENTIAL_NOTE));
        save(browser);
        assertThat(attribute(storedConfidentialClient, ATTRIBUTE)).as("removed").isNull();
        assertThat(attribute(storedConfidentialClient, NONCE_ATTRIBUTE)).as("removed").isNull();
        assertThat(admin.client(REALM, "was-public").path("publicClient").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("unknown stored values are errors saying what they act as; Save is refused until replaced")
    void unknownStoredValuesAreExplained() {
        openSettings(browser, oddValueClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(List.of("off", "optional", "required")).noneMatch(mode -> radio(browser, mode).isSelected());
        WebElement bindingError = browser.findElement(By.cssSelector(
                "[data-testid=dpop-refresh-binding-notes] .pf-v5-c-helper-text__item.pf-m-error"));
        assertThat(bindingError.getText()).contains("'sometimes'", "acts as if it were Required");
        assertThat(browser.findElement(By.cssSelector("[data-testid=dpop-refresh-theft-response-notes] .pf-m-error"))
                .getText()).contains("'maybe'", "acts as if it were Reject");
        assertThat(browser.findElement(By.cssSelector("[data-testid=dpop-refresh-require-nonce-notes] .pf-m-error"))
                .getText()).contains("'yes'", "acts as if it were true");
        assertThat(browser.findElement(NONCE_SWITCH).isSelected()).as("the server reads 'yes' as on").isTrue();

        click(browser, SAVE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(REFUSED));
        assertThat(attribute(oddValueClient, ATTRIBUTE)).isEqualTo("sometimes");

        select(browser, "optional");
        click(browser, By.cssSelector("label[for=dpop-refresh-theft-response-reject]"));
        click(browser, By.cssSelector("label.pf-v5-c-switch[for=dpop-refresh-require-nonce-switch]"));
        wait.until(d -> !d.findElement(NONCE_SWITCH).isSelected());
        save(browser);
        assertThat(attribute(oddValueClient, ATTRIBUTE)).isEqualTo("optional");
        assertThat(attribute(oddValueClient, THEFT_ATTRIBUTE)).isEqualTo("reject");
        assertThat(attribute(oddValueClient, NONCE_ATTRIBUTE)).isEqualTo("false");
        assertThat(browser.findElements(BINDING_NOTES)).isEmpty();
    }

    @Test
    @DisplayName("accessible: every control labelled, reachable and operated by keyboard, in light and dark mode")
    void keyboardLabelsAndDarkMode() throws IOException {
        openSettings(browser, keyboardClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        for (WebElement input : browser.findElement(SETTINGS).findElements(By.tagName("input"))) {
            assertThat((Boolean) js(browser, "const e = arguments[0]; return e.labels.length > 0 "
                    + "&& !!(e.getAttribute('aria-labelledby') || e.closest('[aria-labelledby]'))", input))
                    .as("input %s has a label and its field's name", input.getAttribute("id")).isTrue();
        }
        // from Keycloak's switch just above, Tab reaches ours, in order
        if (!browser.findElements(CORE_DPOP_INPUT).isEmpty()) {
            js(browser, "arguments[0].focus()", browser.findElement(CORE_DPOP_INPUT));
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(activeId()).isEqualTo("dpop-refresh-binding-off");
        } else {
            js(browser, "arguments[0].focus()", radio(browser, "off"));
        }
        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        wait.until(d -> radio(d, "optional").isSelected());
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(activeId()).isEqualTo("dpop-refresh-theft-response-reject");
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(activeId()).isEqualTo("dpop-refresh-require-nonce-switch");
        new Actions(browser).sendKeys(Keys.SPACE).perform();
        wait.until(d -> d.findElement(NONCE_SWITCH).isSelected());

        // our label is drawn as the console's own labels, in both modes
        String stockLabel = "label[for=kc-authentication] .pf-v5-c-form__label-text";
        String ourLabel = "#dpop-refresh-binding-label .pf-v5-c-form__label-text";
        String light = color(ourLabel);
        assertThat(light).isEqualTo(color(stockLabel));
        js(browser, "document.documentElement.classList.add('pf-v5-theme-dark')");
        try {
            String dark = color(ourLabel);
            assertThat(dark).isEqualTo(color(stockLabel)).isNotEqualTo(light);
            // docs/images keeps 26.7.5's (the README's version), target/it every version's
            screenshot(browser, "admin-console-dpop-refresh-dark-" + version + ".png", CONTROL,
                    "26.7.5".equals(version));
        } finally {
            js(browser, "document.documentElement.classList.remove('pf-v5-theme-dark')");
        }
        click(browser, REVERT);
    }

    @Test
    @DisplayName("where the control finds no place, the console loads and saves as usual, with one message naming "
            + "the version and kcadm.sh")
    void noPlaceLeavesTheStockConsole() {
        String uuid = admin.createClient(REALM, Map.of("clientId", "no-place-app", "publicClient", true,
                "attributes", Map.of(ATTRIBUTE, "optional")));
        WebDriver other = logIn("master", MASTER_ADMIN);
        WebDriverWait otherWait = waitFor(other);
        // records the browser console's warnings from the start of every page
        ((ChromeDriver) other).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__warnings = []; const warn = console.warn;"
                        + "console.warn = function (...a) {"
                        + " window.__warnings.push(a.join(' ')); return warn.apply(this, a); };"));
        js(other, "localStorage.setItem('" + NO_PLACE_HOOK + "', 'true')");
        try {
            openSettings(other, uuid);
            otherWait.until(ExpectedConditions.visibilityOfElementLocated(CAPABILITY_FORM));
            otherWait.until(d -> !ourWarnings(d).isEmpty());
            sleep(2000);
            List<String> warnings = ourWarnings(other);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("Keycloak " + version,
                    "kcadm.sh update clients/<id> -r <realm> -s 'attributes.\"dpop.refresh.binding\"=optional'");
            assertThat(other.findElements(ANY_DPOP_SETTING)).isEmpty();

            replaceText(other, DESCRIPTION, "saved without the control");
            save(other);
            JsonNode client = admin.client(REALM, "no-place-app");
            assertThat(client.path("description").asText()).isEqualTo("saved without the control");
            assertThat(client.path("attributes").path(ATTRIBUTE).asText()).as("kept").isEqualTo("optional");
        } finally {
            js(other, "localStorage.removeItem('" + NO_PLACE_HOOK + "')");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> ourWarnings(WebDriver driver) {
        List<String> all = (List<String>) js(driver, "return window.__warnings || []");
        return all.stream().filter(w -> w.contains("keycloak-dpop-refresh")).toList();
    }

    @Test
    @DisplayName("a realm admin with a German console (the realm's own console): the control finds its place, with "
            + "the realm's translation of its label; our setting and the description are saved together")
    void germanConsole() {
        // a realm's localization override of one of our texts, as an operator translates them
        admin.post("/admin/realms/" + REALM + "/localization/de",
                Map.of("dpopRefreshBinding", "DPoP-gebundene Refresh-Tokens"));
        WebDriver german = logIn(REALM, GERMAN_ADMIN);
        openSettings(german, germanClient, REALM);
        waitFor(german).until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(german.findElement(SAVE).getText()).as("the console speaks German").isEqualTo("Speichern");
        waitFor(german).until(d -> d.findElement(By.id("dpop-refresh-binding-label")).getText()
                .equals("DPoP-gebundene Refresh-Tokens"));
        select(german, "optional");
        replaceText(german, DESCRIPTION, "Beschreibung");
        save(german);
        JsonNode client = admin.client(REALM, "german-app");
        assertThat(client.path("description").asText()).isEqualTo("Beschreibung");
        assertThat(client.path("attributes").path(ATTRIBUTE).asText()).isEqualTo("optional");
    }

    @Test
    @DisplayName("permissions: an admin who may view but not manage clients sees the control read-only; one who may "
            + "not view the client does not see it")
    void permissionsAreKeycloaks() {
        WebDriver viewer = logIn(REALM, VIEWER);
        openSettings(viewer, viewedClient, REALM);
        waitFor(viewer).until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(radio(viewer, "required").isSelected()).isTrue();
        assertThat(viewer.findElement(By.id("kc-authentication")).isEnabled())
                .as("the stock fields are read-only too").isFalse();
        for (WebElement input : viewer.findElement(SETTINGS).findElements(By.tagName("input"))) {
            assertThat(input.isEnabled()).as(input.getAttribute("id")).isFalse();
        }

        WebDriver outsider = logIn(REALM, NO_CLIENT_VIEWER);
        outsider.get("about:blank");
        outsider.get(keycloak.baseUri() + "/admin/" + REALM + "/console/#/" + REALM + "/clients/" + viewedClient
                + "/settings");
        waitFor(outsider).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-masthead")));
        sleep(4000);
        assertThat(outsider.findElements(ANY_DPOP_SETTING)).isEmpty();
    }

    @Test
    @DisplayName("rollout figures: after real token requests with and without a proof, the server's verdict and "
            + "figures of every window are shown under the mode, as the endpoint has them; none for a client that is "
            + "off")
    void rolloutFiguresNextToTheControl() throws IOException {
        String counted = admin.createClient(REALM, Map.of("clientId", "figures-app", "publicClient", true,
                "directAccessGrantsEnabled", true, "attributes", Map.of(ATTRIBUTE, "optional")));
        String off = admin.createClient(REALM, Map.of("clientId", "figures-off-app", "publicClient", true,
                "directAccessGrantsEnabled", true));
        admin.createUser(REALM, FIGURES_USER, PASSWORD);

        // real token requests; Nimbus's DPoP proofs (ProofKey)
        OAuthClient app = new OAuthClient(keycloak, REALM, "figures-app", null);
        ProofKey key = ProofKey.es256();
        TokenResponse bound = app.token(passwordGrant("figures-app"), key.proof("POST", app.tokenEndpoint()));
        assertThat(bound.status()).as("password grant with a proof: %s", bound).isEqualTo(200);
        TokenResponse unbound = app.token(passwordGrant("figures-app"));
        assertThat(unbound.status()).as("password grant without a proof: %s", unbound).isEqualTo(200);
        TokenResponse unboundRefresh = app.refresh(unbound.refreshToken());
        assertThat(unboundRefresh.status()).as("refresh of an unbound token without a proof: %s", unboundRefresh)
                .isEqualTo(200);
        TokenResponse boundRefresh = app.refresh(bound.refreshToken(), key.proof("POST", app.tokenEndpoint()));
        assertThat(boundRefresh.status()).as("refresh of a bound token with its proof: %s", boundRefresh)
                .isEqualTo(200);
        assertThat(app.refresh(boundRefresh.refreshToken()).status()).as("a bound token without a proof")
                .isEqualTo(400);
        OAuthClient offApp = new OAuthClient(keycloak, REALM, "figures-off-app", null);
        assertThat(offApp.token(passwordGrant("figures-off-app")).status()).isEqualTo(200);
        assertThat(offApp.token(passwordGrant("figures-off-app"), ProofKey.es256().proof("POST",
                offApp.tokenEndpoint())).status()).isEqualTo(200);

        // the server writes its figures every flushIntervalSeconds: wait for them as the endpoint gives them
        JsonNode figures = awaitFigures(counted, day -> day.withProof() == 2 && day.withoutProof() == 2
                && day.refused() == 1 && day.sessions() == 1);
        assertThat(figures.path("mode").asText()).isEqualTo("optional");
        assertThat(figures.path("verdict").path("state").asText())
                .as("two requests and one session that required would refuse").isEqualTo("NOT_READY");
        JsonNode offFigures = admin.get(figuresPath(off));
        assertThat(offFigures.path("mode").asText()).isEqualTo("off");

        openSettings(browser, counted);
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES));
        assertThat((String) js(browser, "return arguments[0].previousElementSibling.dataset.testid", shown))
                .as("right under the mode it is about").isEqualTo("dpop-refresh-binding");
        WebElement verdict = browser.findElement(FIGURES_VERDICT);
        assertThat(verdict.getAttribute("data-state")).isEqualTo("NOT_READY");
        assertThat(verdict.getText()).startsWith("Not ready for Required:")
                .contains(figures.path("verdict").path("text").asText().replace("`", ""));
        for (JsonNode window : figures.path("windows")) {
            String name = window.path("name").asText();
            Window expected = Window.of(window);
            WebElement row = shown.findElement(By.cssSelector("tr[data-window='" + name + "']"));
            assertThat(cell(row, "withProof")).as(name).isEqualTo(expected.withProof());
            assertThat(cell(row, "withoutProof")).as(name).isEqualTo(expected.withoutProof());
            assertThat(cell(row, "refused")).as(name).isEqualTo(expected.refused());
            assertThat(cell(row, "sessions")).as(name).isEqualTo(expected.sessions());
            assertThat(expected).as("%s: every request of this test is in every window", name)
                    .isEqualTo(new Window(2, 2, 1, 1));
        }
        long longest = figures.path("windows").get(2).path("seconds").asLong();
        assertThat(shown.findElement(By.cssSelector("tr[data-window=longest] th")).getText())
                .isEqualTo("Last " + longest / 86_400 + " days\nthe longest refresh-token lifetime");
        long interval = figures.path("flushIntervalSeconds").asLong();
        assertThat(browser.findElement(FIGURES_NOTE).getText()).contains("The server writes these figures every "
                + (interval == 1 ? "second" : interval + " seconds"), "Counted since");
        assertThat(browser.findElements(FIGURES_FAILED)).isEmpty();
        // docs/images keeps 26.7.5's (the README's version), target/it every version's
        screenshot(browser, "admin-console-dpop-refresh-figures-" + version + ".png", FIGURES,
                "26.7.5".equals(version));

        openSettings(browser, off);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(radio(browser, "off").isSelected()).isTrue();
        settle();
        assertThat(browser.findElements(FIGURES)).as("no figures for a client that is off").isEmpty();
    }

    @Test
    @DisplayName("rollout figures as the console gets them: an estimate and a verdict of ready drawn as such; a 403, "
            + "a network failure or an odd answer is one line, and the control works as before")
    void rolloutFiguresAsServedAndWhenTheyCannotBeHad() throws IOException {
        String uuid = admin.createClient(REALM, Map.of("clientId", "figures-served-app", "publicClient", true,
                "attributes", Map.of(ATTRIBUTE, "optional")));
        WebDriver other = logIn("master", MASTER_ADMIN);
        WebDriverWait otherWait = waitFor(other);
        // before the console's scripts: the figures request gets what the localStorage key says (a status, a
        // network failure or a JSON body), instead of going to the server
        ((ChromeDriver) other).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "const realFetch = window.fetch; window.fetch = function (input, init) {"
                        + " let answer = null; try { answer = localStorage.getItem('" + FIGURES_ANSWER + "'); }"
                        + " catch (e) {}"
                        + " const url = typeof input === 'string' ? input : (input && input.url) || String(input);"
                        + " if (answer && url.includes('/dpop-refresh/clients/')) {"
                        + "  if (answer === 'network') return Promise.reject(new TypeError('Failed to fetch'));"
                        + "  if (answer === '403') return Promise.resolve(new Response('{}', {status: 403}));"
                        + "  return Promise.resolve(new Response(answer, {status: 200,"
                        + "   headers: {'Content-Type': 'application/json'}})); }"
                        + " return realFetch.apply(this, arguments); };"));
        try {
            answerFigures(other, servedFigures(0, 0, "READY",
                    "10 hours without a request that `required` would refuse: ready"));
            openSettings(other, uuid);
            WebElement shown = otherWait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES));
            WebElement verdict = other.findElement(FIGURES_VERDICT);
            assertThat(verdict.getAttribute("data-state")).isEqualTo("READY");
            assertThat(verdict.getText()).isEqualTo(
                    "Ready for Required: 10 hours without a request that required would refuse: ready");
            assertThat(verdict.findElement(By.cssSelector(".pf-v5-c-helper-text__item")).getAttribute("class"))
                    .contains("pf-m-success");
            WebElement longest = shown.findElement(By.cssSelector("tr[data-window=longest]"));
            assertThat(longest.findElement(By.tagName("th")).getText())
                    .isEqualTo("Last 10 hours\nthe longest refresh-token lifetime");
            assertThat(longest.findElement(By.cssSelector("td[data-column=withProof]")).getText())
                    .as("summed over the grants, as the admin's locale writes numbers").isEqualTo("12,345");
            assertThat(longest.findElement(By.cssSelector("td[data-column=withProof]")).getAttribute("title"))
                    .isEqualTo("authorization_code: 12,000, refresh_token: 345, password: 0, device_code: 0");
            assertThat(longest.findElement(By.cssSelector("td[data-column=refused]")).getText()).isEqualTo("7");
            assertThat(longest.findElement(By.cssSelector("td[data-column=sessions]")).getText())
                    .as("nothing to estimate").isEqualTo("0");
            assertThat(other.findElement(FIGURES_NOTE).getText()).startsWith(
                    "The server writes these figures every 60 seconds").contains("Counted since");
            screenshot(other, "admin-console-dpop-refresh-figures-ready-" + version + ".png", CONTROL, false);

            answerFigures(other, servedFigures(2_000, 1_500, "NOT_READY",
                    "1500 sessions refreshed unbound tokens without a proof in the last 10 hours; 2000 requests "
                            + "`required` would refuse"));
            openSettings(other, uuid);
            verdict = otherWait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES_VERDICT));
            assertThat(verdict.getAttribute("data-state")).isEqualTo("NOT_READY");
            assertThat(verdict.findElement(By.cssSelector(".pf-v5-c-helper-text__item")).getAttribute("class"))
                    .contains("pf-m-warning");
            longest = other.findElement(By.cssSelector("[data-testid=dpop-refresh-figures] tr[data-window=longest]"));
            assertThat(longest.findElement(By.cssSelector("td[data-column=withoutProof]")).getText())
                    .isEqualTo("2,000");
            assertThat(longest.findElement(By.cssSelector("td[data-column=sessions]")).getText())
                    .as("a sketch's estimate").isEqualTo("about 1,500");
            assertThat(other.findElement(By.cssSelector(
                    "[data-testid=dpop-refresh-figures] tr[data-window='24h'] td[data-column=sessions]")).getText())
                    .isEqualTo("0");

            answerFigures(other, "403");
            openSettings(other, uuid);
            WebElement line = otherWait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES_FAILED));
            assertThat(line.getText()).isEqualTo(
                    "The rollout figures are not shown: the server does not let this admin view them.");
            assertThat(other.findElements(FIGURES_VERDICT)).isEmpty();
            select(other, "required");
            save(other);
            assertThat(attribute(uuid, ATTRIBUTE)).isEqualTo("required");
            otherWait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES_FAILED));

            answerFigures(other, "network");
            openSettings(other, uuid);
            line = otherWait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES_FAILED));
            assertThat(line.getText()).contains("could not be loaded (network)");
            assertThat(radio(other, "required").isSelected()).isTrue();

            answerFigures(other, "{\"mode\": \"optional\", \"windows\": 3}");
            openSettings(other, uuid);
            line = otherWait.until(ExpectedConditions.visibilityOfElementLocated(FIGURES_FAILED));
            assertThat(line.getText()).contains("could not be read");
            select(other, "optional");
            save(other);
            assertThat(attribute(uuid, ATTRIBUTE)).isEqualTo("optional");
        } finally {
            js(other, "localStorage.removeItem('" + FIGURES_ANSWER + "')");
        }
    }

    private static void answerFigures(WebDriver driver, String answer) {
        js(driver, "localStorage.setItem(arguments[0], arguments[1])", FIGURES_ANSWER, answer);
    }

    /**
     * An answer of the figures endpoint in the documented shape, for a realm whose longest refresh-token lifetime is
     * 10 hours: 12,345 requests with a proof and 7 refused in every window; {@code withoutProof} requests without one
     * and {@code sessions} sessions (an estimate beyond 1024, as the server's sketch) in the 7d and longest windows.
     */
    private static String servedFigures(long withoutProof, long sessions, String state, String text) {
        String grants = """
                {"authorization_code": {"withProof": 12000, "withoutProof": %d, "refused": {"missing": 0}},
                 "refresh_token": {"withProof": 345, "withoutProof": 0, "refused": {"signature": 4, "nonce": 3}},
                 "password": {"withProof": 0, "withoutProof": 0, "refused": {}},
                 "device_code": {"withProof": 0, "withoutProof": 0, "refused": {}}}""";
        String window = """
                {"name": "%s", "seconds": %d, "grants": %s, "unboundRefreshes": %d,
                 "sessionsRefreshingUnboundWithoutProof": %d, "sessionsExact": %b, "wouldBeRefusedByRequired": %d}""";
        String day = window.formatted("24h", 86_400, grants.formatted(0), 0, 0, true, 0);
        // SessionSketch: exact up to 1024 sessions, an estimate beyond
        boolean exact = sessions <= 1024;
        return """
                {"clientId": "figures-served-app", "mode": "optional", "countingSince": "2026-12-01T08:00:00Z",
                 "flushIntervalSeconds": 60,
                 "windows": [%s, %s, %s],
                 "verdict": {"state": "%s", "text": "%s"}}""".formatted(day,
                window.formatted("7d", 604_800, grants.formatted(withoutProof), sessions, sessions, exact,
                        withoutProof),
                window.formatted("longest", 36_000, grants.formatted(withoutProof), sessions, sessions, exact,
                        withoutProof), state, text);
    }

    /** The sums over all grants of one window of the figures endpoint, as the console shows them. */
    private record Window(long withProof, long withoutProof, long refused, long sessions) {
        static Window of(JsonNode window) {
            long withProof = 0;
            long withoutProof = 0;
            long refused = 0;
            for (JsonNode grant : window.path("grants")) {
                withProof += grant.path("withProof").asLong();
                withoutProof += grant.path("withoutProof").asLong();
                for (JsonNode reason : grant.path("refused")) {
                    refused += reason.asLong();
                }
            }
            return new Window(withProof, withoutProof, refused,
                    window.path("sessionsRefreshingUnboundWithoutProof").asLong());
        }
    }

    private static Map<String, String> passwordGrant(String clientId) {
        return Map.of("grant_type", "password", "client_id", clientId, "username", FIGURES_USER,
                "password", PASSWORD, "scope", "openid");
    }

    private static String figuresPath(String clientUuid) {
        return "/admin/realms/" + REALM + "/dpop-refresh/clients/" + clientUuid + "/figures";
    }

    /**
     * The client's figures from the admin REST endpoint once its 24h window satisfies {@code done}: the server
     * writes them every flushIntervalSeconds (of its answer), so at most two intervals and a margin.
     */
    private JsonNode awaitFigures(String clientUuid, Predicate<Window> done) {
        JsonNode figures = admin.get(figuresPath(clientUuid));
        long deadline = System.nanoTime()
                + Duration.ofSeconds(2 * figures.path("flushIntervalSeconds").asLong(60) + 30).toNanos();
        while (!done.test(Window.of(figures.path("windows").get(0))) && System.nanoTime() < deadline) {
            sleep(1000);
            figures = admin.get(figuresPath(clientUuid));
        }
        assertThat(Window.of(figures.path("windows").get(0))).as("24h window of %s", figures).matches(done::test);
        return figures;
    }

    private static long cell(WebElement row, String column) {
        return Long.parseLong(row.findElement(By.cssSelector("td[data-column=" + column + "]"))
                .getAttribute("data-value"));
    }

    @Test
    @DisplayName("with Keycloak's dpop feature off: Off says nothing is bound; a stored Require DPoP bound tokens is "
            + "said to do nothing, and our settings apply")
    void featureOffTexts() {
        KeycloakServer off = KeycloakServers.dpopFeatureOff();
        AdminApi offAdmin = off.admin();
        offAdmin.updateRealm("master", realm -> realm.put("adminTheme", THEME));
        String adminId = offAdmin.createUser("master", MASTER_ADMIN, PASSWORD);
        offAdmin.post("/admin/realms/master/users/" + adminId + "/role-mappings/realm",
                List.of(offAdmin.get("/admin/realms/master/roles/admin")));
        offAdmin.createRealm(Map.of("realm", REALM, "enabled", true));
        String plain = offAdmin.createClient(REALM, Map.of("clientId", "off-app", "publicClient", true));
        String core = offAdmin.createClient(REALM, Map.of("clientId", "core-off-app", "publicClient", true,
                "attributes", Map.of(CORE_DPOP_ATTRIBUTE, "true", ATTRIBUTE, "optional")));

        WebDriver driver = logIn(off.baseUri(), "master", MASTER_ADMIN);
        openSettings(driver, off.baseUri(), plain, "master");
        WebElement control = waitFor(driver).until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(control.getText()).contains("Nothing is bound", "dpop feature is disabled on this server")
                .doesNotContain("Keycloak's own DPoP applies");
        assertThat(driver.findElements(CORE_DPOP_INPUT)).as("the console hides Keycloak's switch").isEmpty();

        openSettings(driver, off.baseUri(), core, "master");
        WebElement notes = waitFor(driver).until(ExpectedConditions.visibilityOfElementLocated(BINDING_NOTES));
        assertThat(notes.getText()).contains("that switch does nothing", "these settings apply");
        assertThat(radio(driver, "required").isEnabled()).isTrue();
        assertThat(driver.findElement(NONCE_SWITCH).isEnabled()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private WebDriver logIn(String realm, String username) {
        return logIn(keycloak.baseUri(), realm, username);
    }

    private WebDriver logIn(URI server, String realm, String username) {
        Path chromium = Path.of(System.getProperty("chrome.binary", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
        assertThat(Files.isExecutable(chromium))
                .as("Chromium not found at %s: install it (apt-get install -y chromium chromium-driver) "
                        + "or set -Dchrome.binary", chromium)
                .isTrue();
        assertThat(Files.isExecutable(chromedriver))
                .as("ChromeDriver not found at %s: install it (apt-get install -y chromium-driver) "
                        + "or set -Dchromedriver", chromedriver)
                .isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1200", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        WebDriverWait driverWait = waitFor(driver);
        driver.get(server + "/admin/" + realm + "/console/");
        driverWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        driverWait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-masthead")));
        return driver;
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private static Object js(WebDriver driver, String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    @SuppressWarnings("unchecked")
    private static List<String> scriptSources(WebDriver driver) {
        return (List<String>) js(driver, "return [...document.scripts].map(s => s.src)");
    }

    private String activeId() {
        return (String) js(browser, "return document.activeElement && document.activeElement.id");
    }

    private String color(String css) {
        return (String) js(browser, "return getComputedStyle(document.querySelector(arguments[0])).color", css);
    }

    private static JsonNode themeInfo(JsonNode serverInfo, String name) {
        for (JsonNode theme : serverInfo.path("themes").path("admin")) {
            if (name.equals(theme.path("name").asText())) {
                return theme;
            }
        }
        throw new AssertionError("no admin theme " + name);
    }

    private void openSettings(WebDriver driver, String clientId) {
        openSettings(driver, clientId, "master");
    }

    private void openSettings(WebDriver driver, String clientId, String consoleRealm) {
        openSettings(driver, keycloak.baseUri(), clientId, consoleRealm);
    }

    /** Loads the console of {@code consoleRealm} afresh on a client's Settings tab of the test realm. */
    private static void openSettings(WebDriver driver, URI server, String clientId, String consoleRealm) {
        driver.get("about:blank");
        driver.get(server + "/admin/" + consoleRealm + "/console/#/" + REALM + "/clients/" + clientId
                + "/settings");
        waitFor(driver).until(ExpectedConditions.visibilityOfElementLocated(SAVE));
    }

    /** Clicks Save and waits for the console's new success alert (whatever its language). */
    private void save(WebDriver driver) {
        List<WebElement> before = driver.findElements(SAVED);
        click(driver, SAVE);
        waitFor(driver).until(d -> d.findElements(SAVED).stream().anyMatch(alert -> !before.contains(alert)));
    }

    /** Gives the page's scripts time to draw what they would draw. */
    private static void settle() {
        sleep(1500);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client attribute as stored, read through the admin REST API; null when absent. */
    private String attribute(String clientId, String attribute) {
        JsonNode value = admin.get("/admin/realms/" + REALM + "/clients/" + clientId)
                .path("attributes").path(attribute);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static WebElement radio(WebDriver driver, String mode) {
        return driver.findElement(By.id("dpop-refresh-binding-" + mode));
    }

    private static WebElement theftRadio(WebDriver driver, String response) {
        return driver.findElement(By.id("dpop-refresh-theft-response-" + response));
    }

    private void select(WebDriver driver, String mode) {
        click(driver, By.cssSelector("label[for=dpop-refresh-binding-" + mode + "]"));
        waitFor(driver).until(d -> radio(d, mode).isSelected());
    }

    /** Types into a stock text field as a user does (select all, type). */
    private static void replaceText(WebDriver driver, By field, String text) {
        WebElement element = driver.findElement(field);
        js(driver, "arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
        element.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
    }

    /** Clicks an element in the middle of the window (the console's Save bar covers its bottom). */
    private static void click(WebDriver driver, By locator) {
        WebElement element = driver.findElement(locator);
        js(driver, "arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** The window with {@code top} near its top, into target/it/screenshots (docs/images too if asked and forDocs). */
    private static void screenshot(WebDriver driver, String name, By top, boolean forDocs) throws IOException {
        js(driver, "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -200);"
                + "document.querySelectorAll('main, [class*=page__main]').forEach(e => e.scrollBy(0, -200));",
                driver.findElement(top));
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(System.getProperty("work.dir", "target/it")).resolve("screenshots").resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        if (forDocs && Boolean.getBoolean("ui.screenshot.docs")) {
            Path docs = Path.of(System.getProperty("basedir", ".")).resolve("docs/images").resolve(name);
            Files.createDirectories(docs.getParent());
            Files.copy(png, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
