package io.github.dpoprefresh.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.AdminApi;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console theme {@code dpop-admin} in a real headless Chromium against the real Keycloak with the
 * extension jar (the harness's shared {@code dpop-on} server): the "DPoP-bound refresh tokens" control on a
 * client's Settings tab.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code -Dchrome.binary=...}
 * {@code -Dchromedriver=...}); without them the test fails, it does not skip. With
 * {@code -Dui.screenshot.docs=true} it also writes its screenshot to {@code docs/images/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Admin console: DPoP-bound refresh tokens setting")
class AdminConsoleDpopSettingIT {

    private static final String REALM = "console-ui";
    private static final String ATTRIBUTE = "dpop.refresh.binding";
    private static final String THEFT_ATTRIBUTE = "dpop.refresh.theft-response";
    private static final String NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
    private static final String CONSOLE_ADMIN = "console-admin";
    private static final String CONSOLE_ADMIN_PASSWORD = "console-admin-password";
    private static final String SCREENSHOT = "admin-console-dpop-refresh-binding.png";

    private static final By CONTROL = By.cssSelector("[data-testid=dpop-refresh-binding]");
    private static final By THEFT_CONTROL = By.cssSelector("[data-testid=dpop-refresh-theft-response]");
    private static final By NONCE_SWITCH = By.id("dpop-refresh-require-nonce");
    private static final By NONCE_SWITCH_LABEL = By.cssSelector("label.pf-v5-c-switch[for=dpop-refresh-require-nonce]");
    private static final By CAPABILITY_FORM = By.cssSelector("[data-testid=capability-config-form]");
    private static final By SAVE = By.cssSelector("[data-testid=settings-save]");
    private static final By REVERT = By.cssSelector("[data-testid=settings-revert]");
    private static final By CLIENT_AUTHENTICATION = By.cssSelector("label.pf-v5-c-switch[for=kc-authentication]");

    private KeycloakServer keycloak;
    private AdminApi admin;
    private WebDriver browser;
    private WebDriverWait wait;
    private String publicClient;
    private String revertClient;
    private String confidentialClient;
    private String samlClient;
    private String oddValueClient;

    @BeforeAll
    void startKeycloakAndBrowser() {
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

        keycloak = KeycloakServers.dpopFeatureOn();
        admin = keycloak.admin();
        // how an operator selects the theme: the master realm's admin theme
        admin.updateRealm("master", realm -> realm.put("adminTheme", "dpop-admin"));
        // a permanent admin: the console shows a warning banner to the temporary bootstrap admin
        String adminId = admin.createUser("master", CONSOLE_ADMIN, CONSOLE_ADMIN_PASSWORD);
        admin.post("/admin/realms/master/users/" + adminId + "/role-mappings/realm",
                List.of(admin.get("/admin/realms/master/roles/admin")));
        admin.createRealm(Map.of("realm", REALM, "enabled", true));
        publicClient = admin.createClient(REALM, Map.of(
                "clientId", "mobile-app",
                "name", "Mobile app",
                "publicClient", true,
                "redirectUris", List.of("com.example.app:/callback"),
                "attributes", Map.of("pkce.code.challenge.method", "S256")));
        revertClient = admin.createClient(REALM, Map.of("clientId", "spa", "publicClient", true));
        confidentialClient = admin.createClient(REALM, Map.of(
                "clientId", "backend", "publicClient", false, "secret", "backend-secret"));
        samlClient = admin.createClient(REALM, Map.of("clientId", "urn:example:sp", "protocol", "saml"));
        oddValueClient = admin.createClient(REALM, Map.of(
                "clientId", "legacy-app", "publicClient", true, "attributes", Map.of(ATTRIBUTE, "sometimes")));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1200", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(keycloak.baseUri() + "/admin/master/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(CONSOLE_ADMIN);
        browser.findElement(By.id("password")).sendKeys(CONSOLE_ADMIN_PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-masthead")));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @DisplayName("a public client: set Optional, End the session and the server nonce, Save, the attributes are "
            + "stored and shown after a reload")
    void publicClientSavesOptional() throws IOException {
        openSettings(publicClient);
        WebElement control = wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(control.getText()).contains("Off", "Optional", "Required");
        assertThat(radio("off").isSelected()).as("no attribute means Off").isTrue();
        assertThat(browser.findElement(By.cssSelector("label[for=dpopRefreshBinding]")).getText())
                .isEqualTo("DPoP-bound refresh tokens");
        WebElement theft = browser.findElement(THEFT_CONTROL);
        assertThat(theft.getText()).contains("Reject", "End the session");
        assertThat(theftRadio("reject").isSelected()).as("no attribute means Reject").isTrue();
        assertThat(browser.findElement(NONCE_SWITCH).isSelected()).as("no attribute means no nonce").isFalse();
        assertThat(browser.findElement(By.cssSelector("label[for=dpopRefreshRequireNonce]")).getText())
                .isEqualTo("Require server nonce");

        select("optional");
        click(By.cssSelector("label[for=dpop-refresh-theft-response-revoke-session]"));
        wait.until(d -> theftRadio("revoke-session").isSelected());
        click(NONCE_SWITCH_LABEL);
        wait.until(d -> d.findElement(NONCE_SWITCH).isSelected());
        browser.findElement(SAVE).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(text(), 'Client successfully updated')]")));

        assertThat(attribute(publicClient, ATTRIBUTE)).isEqualTo("optional");
        JsonNode attributes = admin.client(REALM, "mobile-app").path("attributes");
        assertThat(attributes.path(THEFT_ATTRIBUTE).asText()).isEqualTo("revoke-session");
        assertThat(attributes.path(NONCE_ATTRIBUTE).asText()).isEqualTo("true");
        assertThat(attribute(publicClient, "pkce.code.challenge.method"))
                .as("the console's other settings are saved as before").isEqualTo("S256");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(radio("optional").isSelected()).isTrue();
        assertThat(radio("off").isSelected()).isFalse();
        assertThat(theftRadio("revoke-session").isSelected()).isTrue();
        assertThat(theftRadio("reject").isSelected()).isFalse();
        assertThat(browser.findElement(NONCE_SWITCH).isSelected()).isTrue();

        screenshot();
    }

    @Test
    @DisplayName("flipping Client authentication hides and shows the control without a reload")
    void clientAuthenticationTogglesTheControl() {
        openSettings(revertClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));

        click(CLIENT_AUTHENTICATION);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(CONTROL));
        assertThat(browser.findElements(CONTROL)).isEmpty();

        click(CLIENT_AUTHENTICATION);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        browser.findElement(REVERT).click();
    }

    @Test
    @DisplayName("Revert puts back the saved value, also when the client has no attribute yet")
    void revertRestoresTheSavedValue() {
        openSettings(revertClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        select("required");
        assertThat(radio("required").isSelected()).isTrue();

        browser.findElement(REVERT).click();
        wait.until(d -> radio("off").isSelected());
        assertThat(attribute(revertClient, ATTRIBUTE)).isNull();
    }

    @Test
    @DisplayName("a confidential client shows none of the controls")
    void confidentialClientHasNoControl() {
        openSettings(confidentialClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(CAPABILITY_FORM));
        assertThat(browser.findElements(CONTROL)).isEmpty();
        assertThat(browser.findElements(THEFT_CONTROL)).isEmpty();
        assertThat(browser.findElements(NONCE_SWITCH)).isEmpty();
    }

    @Test
    @DisplayName("a SAML client shows no control")
    void samlClientHasNoControl() {
        openSettings(samlClient);
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[normalize-space(text())='Signature and Encryption']")));
        assertThat(browser.findElements(CONTROL)).isEmpty();
    }

    @Test
    @DisplayName("a stored value that is no mode shows no choice and says the server treats it as off")
    void unknownStoredValueIsExplained() {
        openSettings(oddValueClient);
        WebElement control = wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
        assertThat(List.of("off", "optional", "required")).noneMatch(mode -> radio(mode).isSelected());
        assertThat(control.getText()).contains("'sometimes'", "treats it as off");
    }

    @Test
    @DisplayName("the rest of the console works as before: the client list")
    void clientListStillWorks() {
        browser.get("about:blank");
        browser.get(keycloak.baseUri() + "/admin/master/console/#/" + REALM + "/clients");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("mobile-app")));
        assertThat(browser.findElements(By.linkText("backend"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("table tbody tr td")).getCssValue("white-space"))
                .as("table cells wrap as in the stock console (the users section's nowrap stays there)")
                .isEqualTo("normal");
    }

    /** Loads the console afresh on a client's Settings tab (the console switches realms on load). */
    private void openSettings(String clientId) {
        browser.get("about:blank");
        browser.get(keycloak.baseUri() + "/admin/master/console/#/" + REALM + "/clients/" + clientId + "/settings");
        wait.until(ExpectedConditions.elementToBeClickable(SAVE));
    }

    /** A client attribute as stored, read through the admin REST API; null when absent. */
    private String attribute(String clientId, String attribute) {
        JsonNode value = admin.get("/admin/realms/" + REALM + "/clients/" + clientId).path("attributes").path(attribute);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private WebElement radio(String mode) {
        return browser.findElement(By.id("dpop-refresh-binding-" + mode));
    }

    private WebElement theftRadio(String response) {
        return browser.findElement(By.id("dpop-refresh-theft-response-" + response));
    }

    private void select(String mode) {
        click(By.cssSelector("label[for=dpop-refresh-binding-" + mode + "]"));
        wait.until(d -> radio(mode).isSelected());
    }

    /** Clicks an element in the middle of the window (the console's Save bar covers its bottom). */
    private void click(By locator) {
        WebElement element = browser.findElement(locator);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** The end of the capability settings with the three controls, for the README. */
    private void screenshot() throws IOException {
        // the binding control at the top, below Keycloak's own "Require DPoP bound tokens" and PKCE settings
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -200);"
                        + "document.querySelectorAll('main, [class*=page__main]').forEach(e => e.scrollBy(0, -200));",
                browser.findElement(CONTROL));
        browser.findElement(NONCE_SWITCH); // still there after the scroll
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(System.getProperty("work.dir", "target/it")).resolve("screenshots").resolve(SCREENSHOT);
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("ui.screenshot.docs")) {
            Path docs = Path.of(System.getProperty("basedir", ".")).resolve("docs/images").resolve(SCREENSHOT);
            Files.createDirectories(docs.getParent());
            Files.copy(png, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
