package io.github.dpoprefresh.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dpoprefresh.it.support.AdminApi;
import io.github.dpoprefresh.it.support.KeycloakServer;
import io.github.dpoprefresh.it.support.KeycloakServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;
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
 * The admin console an admin meets, in a real headless Chromium against the real Keycloak with the extension jar
 * (the harness's shared {@code dpop-on} server), on whichever Keycloak version the harness runs
 * ({@link KeycloakUnderTest}):
 * <ul>
 *   <li>on the minor version the {@code dpop-admin} theme's console comes from (26.7), the theme is offered and
 *       shows the DPoP settings on a client's Settings tab ({@link DpopAdminTheme});</li>
 *   <li>on every other version it is not offered: a realm that names it gets the stock console, and settings made
 *       with the REST API survive the stock console's Save ({@link StockConsole}).</li>
 * </ul>
 * The master realm's admin theme is set to {@code dpop-admin} on every version, as the README tells operators.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code -Dchrome.binary=...}
 * {@code -Dchromedriver=...}); without them the test fails, it does not skip. With
 * {@code -Dui.screenshot.docs=true} it also writes its screenshots to {@code docs/images/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Admin console on the Keycloak version under test")
class AdminConsoleDpopSettingIT {

    private static final String THEME = "dpop-admin";
    private static final String REALM = "console-ui";
    private static final String ATTRIBUTE = "dpop.refresh.binding";
    private static final String THEFT_ATTRIBUTE = "dpop.refresh.theft-response";
    private static final String NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
    private static final String CORE_DPOP_ATTRIBUTE = "dpop.bound.access.tokens";
    private static final String CONSOLE_ADMIN = "console-admin";
    private static final String CONSOLE_ADMIN_PASSWORD = "console-admin-password";

    private static final By CONTROL = By.cssSelector("[data-testid=dpop-refresh-binding]");
    private static final By THEFT_CONTROL = By.cssSelector("[data-testid=dpop-refresh-theft-response]");
    private static final By NONCE_CONTROL = By.cssSelector("[data-testid=dpop-refresh-require-nonce]");
    private static final By NONCE_SWITCH = By.id("dpopRefreshRequireNonce");
    private static final By BINDING_NOTES = By.cssSelector("[data-testid=dpop-refresh-binding-notes]");
    private static final By CONFIDENTIAL_NOTE = By.cssSelector("[data-testid=dpop-refresh-confidential]");
    private static final By CLEAR = By.cssSelector("[data-testid=dpop-refresh-clear]");
    private static final By ANY_DPOP_SETTING = By.cssSelector("[data-testid^=dpop-refresh-]");
    private static final By CAPABILITY_FORM = By.cssSelector("[data-testid=capability-config-form]");
    private static final By SAVE = By.cssSelector("[data-testid=settings-save]");
    private static final By REVERT = By.cssSelector("[data-testid=settings-revert]");
    private static final By SAVED = By.xpath("//*[contains(text(), 'Client successfully updated')]");
    private static final By CLIENT_AUTHENTICATION = By.cssSelector("label.pf-v5-c-switch[for=kc-authentication]");
    /** Keycloak's own "Require DPoP bound tokens" switch (SwitchControl: data-testid is the attribute path). */
    private static final By CORE_DPOP_SWITCH =
            By.xpath("//input[@data-testid='attributes." + CORE_DPOP_ATTRIBUTE + "']/parent::label");

    private final String version = KeycloakUnderTest.version();
    private final boolean offered = KeycloakUnderTest.offersDpopAdmin();

    private KeycloakServer keycloak;
    private AdminApi admin;
    private WebDriver browser;
    private WebDriverWait wait;

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
        assertThat(admin.serverInfo().path("systemInfo").path("version").asText())
                .as("the server the harness started is the version the test expects")
                .isEqualTo(version);
        // how an operator selects the theme (README): the master realm's admin theme, on every version
        admin.updateRealm("master", realm -> realm.put("adminTheme", THEME));
        // a permanent admin: the console shows a warning banner to the temporary bootstrap admin
        String adminId = admin.createUser("master", CONSOLE_ADMIN, CONSOLE_ADMIN_PASSWORD);
        admin.post("/admin/realms/master/users/" + adminId + "/role-mappings/realm",
                List.of(admin.get("/admin/realms/master/roles/admin")));
        // a client with values that mean nothing: saving one is refused, so it comes with the realm (an import)
        admin.createRealm(Map.of("realm", REALM, "enabled", true, "clients", List.of(Map.of(
                "clientId", "legacy-app", "publicClient", true,
                "attributes", Map.of(ATTRIBUTE, "sometimes", NONCE_ATTRIBUTE, "yes")))));

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
    @DisplayName("the theme list offers dpop-admin, with a description, exactly on its console's minor version")
    void themeListOffersTheThemeOnlyOnItsMinor() {
        JsonNode info = admin.serverInfo();
        List<String> adminThemes = new ArrayList<>();
        info.path("themes").path("admin").forEach(theme -> adminThemes.add(theme.path("name").asText()));
        JsonNode provider = info.path("providers").path("theme").path("providers").path("dpop-admin");
        assertThat(provider.path("operationalInfo").path("admin-console-version").asText())
                .isEqualTo(KeycloakUnderTest.consoleVersion());
        assertThat(provider.path("operationalInfo").path("offered").asText()).isEqualTo(String.valueOf(offered));
        if (offered) {
            assertThat(adminThemes).contains(THEME, "keycloak.v2");
            JsonNode theme = themeInfo(info, THEME);
            assertThat(theme.path("description").asText()).contains("DPoP-bound refresh token settings");
        } else {
            assertThat(adminThemes).as("Keycloak %s: no console of another minor on offer", version)
                    .contains("keycloak.v2").doesNotContain(THEME);
        }
    }

    @Test
    @DisplayName("the master realm names dpop-admin: the console is dpop-admin where offered, else the stock one")
    void consoleOfTheMasterRealmsTheme() {
        assertThat(admin.realm("master").path("adminTheme").asText())
                .as("Keycloak stores the name even where the theme is not offered").isEqualTo(THEME);
        String page = consolePage();
        if (offered) {
            assertThat(page).contains("/admin/" + THEME + "/");
        } else {
            assertThat(page).contains("/admin/keycloak.v2/").doesNotContain("/admin/" + THEME + "/");
            assertThat(keycloak.log()).as("Keycloak's own fallback, logged at every console load")
                    .contains("Failed to find ADMIN theme " + THEME + ", using built-in themes");
        }
    }

    /** The theme is offered: the DPoP settings on the client's Settings tab. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @EnabledIf(value = "io.github.dpoprefresh.it.ui.KeycloakUnderTest#offersDpopAdmin",
            disabledReason = "the dpop-admin theme is not offered on this Keycloak version")
    @DisplayName("dpop-admin theme")
    class DpopAdminTheme {

        private String publicClient;
        private String revertClient;
        private String confidentialClient;
        private String samlClient;
        private String oddValueClient;
        private String coreDpopClient;
        private String storedConfidentialClient;

        @BeforeAll
        void createClients() {
            publicClient = admin.createClient(REALM, Map.of(
                    "clientId", "mobile-app",
                    "name", "Mobile app",
                    "publicClient", true,
                    "redirectUris", List.of("com.example.app:/callback"),
                    "attributes", Map.of("pkce.code.challenge.method", "S256")));
            revertClient = admin.createClient(REALM, Map.of("clientId", "spa", "publicClient", true));
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
        }

        @Test
        @DisplayName("a public client: set Optional, End the session and the server nonce, Save, the attributes are "
                + "stored and shown after a reload")
        void publicClientSavesOptional() throws IOException {
            openSettings(publicClient);
            WebElement control = wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
            assertThat(control.getText()).contains("Off", "Optional", "Required");
            assertThat(radio("off").isSelected()).as("no attribute means Off").isTrue();
            assertThat(label("dpopRefreshBinding").getText()).isEqualTo("DPoP-bound refresh tokens");
            WebElement theft = browser.findElement(THEFT_CONTROL);
            assertThat(theft.getText()).contains("Reject", "End the session");
            assertThat(theftRadio("reject").isSelected()).as("no attribute means Reject").isTrue();
            assertThat(browser.findElement(NONCE_SWITCH).isSelected()).as("no attribute means no nonce").isFalse();
            assertThat(browser.findElements(BINDING_NOTES)).as("nothing to explain").isEmpty();

            select("optional");
            click(By.cssSelector("label[for=dpop-refresh-theft-response-revoke-session]"));
            wait.until(d -> theftRadio("revoke-session").isSelected());
            // the field's own label is the switch's label: clicking it switches
            click(By.cssSelector("label.pf-v5-c-form__label[for=dpopRefreshRequireNonce]"));
            wait.until(d -> d.findElement(NONCE_SWITCH).isSelected());
            save();

            assertThat(attribute(publicClient, ATTRIBUTE)).isEqualTo("optional");
            assertThat(attribute(publicClient, THEFT_ATTRIBUTE)).isEqualTo("revoke-session");
            assertThat(attribute(publicClient, NONCE_ATTRIBUTE)).isEqualTo("true");
            assertThat(attribute(publicClient, "pkce.code.challenge.method"))
                    .as("the console's other settings are saved as before").isEqualTo("S256");

            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
            assertThat(radio("optional").isSelected()).isTrue();
            assertThat(radio("off").isSelected()).isFalse();
            assertThat(theftRadio("revoke-session").isSelected()).isTrue();
            assertThat(theftRadio("reject").isSelected()).isFalse();
            assertThat(browser.findElement(NONCE_SWITCH).isSelected()).isTrue();

            screenshot("admin-console-dpop-refresh-binding.png", CONTROL);
        }

        @Test
        @DisplayName("the label of Require server nonce points at the switch")
        void nonceLabelPointsAtTheSwitch() {
            openSettings(revertClient);
            wait.until(ExpectedConditions.visibilityOfElementLocated(NONCE_CONTROL));
            WebElement label = label("dpopRefreshRequireNonce");
            assertThat(label.getText()).isEqualTo("Require server nonce");
            assertThat(browser.findElement(NONCE_SWITCH).getTagName()).isEqualTo("input");
            assertThat(browser.findElement(NONCE_SWITCH).getAttribute("type")).isEqualTo("checkbox");
        }

        @Test
        @DisplayName("with Keycloak's Require DPoP bound tokens on, the settings are disabled and say why; "
                + "switching it off enables them at once")
        void coreDpopDisablesTheSettings() throws IOException {
            openSettings(coreDpopClient);
            WebElement notes = wait.until(ExpectedConditions.visibilityOfElementLocated(BINDING_NOTES));
            assertThat(notes.getText()).contains("Require DPoP bound tokens is on", "no effect");
            assertThat(radio("optional").isSelected()).as("the stored value is shown").isTrue();
            for (String mode : List.of("off", "optional", "required")) {
                assertThat(radio(mode).isEnabled()).as(mode).isFalse();
            }
            assertThat(theftRadio("reject").isEnabled()).isFalse();
            assertThat(theftRadio("revoke-session").isEnabled()).isFalse();
            assertThat(browser.findElement(NONCE_SWITCH).isEnabled()).isFalse();
            screenshot("admin-console-dpop-refresh-core-dpop.png", By.xpath(
                    "//input[@data-testid='attributes." + CORE_DPOP_ATTRIBUTE + "']"));

            click(CORE_DPOP_SWITCH);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(BINDING_NOTES));
            assertThat(radio("required").isEnabled()).isTrue();
            assertThat(theftRadio("revoke-session").isEnabled()).isTrue();
            assertThat(browser.findElement(NONCE_SWITCH).isEnabled()).isTrue();

            click(CORE_DPOP_SWITCH);
            wait.until(ExpectedConditions.visibilityOfElementLocated(BINDING_NOTES));
            assertThat(radio("required").isEnabled()).isFalse();
            browser.findElement(REVERT).click();
        }

        @Test
        @DisplayName("flipping Client authentication hides and shows the settings without a reload")
        void clientAuthenticationTogglesTheControl() {
            openSettings(revertClient);
            wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));

            click(CLIENT_AUTHENTICATION);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(CONTROL));
            assertThat(browser.findElements(ANY_DPOP_SETTING)).as("nothing stored, nothing shown").isEmpty();

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
        @DisplayName("a confidential client without DPoP settings shows none of them")
        void confidentialClientHasNoControl() {
            openSettings(confidentialClient);
            wait.until(ExpectedConditions.visibilityOfElementLocated(CAPABILITY_FORM));
            assertThat(browser.findElements(ANY_DPOP_SETTING)).isEmpty();
            assertThat(browser.findElements(NONCE_SWITCH)).isEmpty();
        }

        @Test
        @DisplayName("a confidential client with stored settings says they have no effect; Clear and Save remove them")
        void confidentialClientWithStoredSettingsCanClearThem() throws IOException {
            openSettings(storedConfidentialClient);
            WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(CONFIDENTIAL_NOTE));
            assertThat(note.getText()).contains(ATTRIBUTE + "=required", NONCE_ATTRIBUTE + "=true", "no effect")
                    .doesNotContain(THEFT_ATTRIBUTE);
            assertThat(browser.findElements(CONTROL)).isEmpty();
            screenshot("admin-console-dpop-refresh-confidential.png", CONFIDENTIAL_NOTE);

            click(CLEAR);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(CONFIDENTIAL_NOTE));
            save();
            assertThat(attribute(storedConfidentialClient, ATTRIBUTE)).as("removed").isNull();
            assertThat(attribute(storedConfidentialClient, NONCE_ATTRIBUTE)).as("removed").isNull();
            assertThat(admin.client(REALM, "was-public").path("publicClient").asBoolean()).isFalse();

            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(CAPABILITY_FORM));
            assertThat(browser.findElements(ANY_DPOP_SETTING)).isEmpty();
        }

        @Test
        @DisplayName("a SAML client shows no control")
        void samlClientHasNoControl() {
            openSettings(samlClient);
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//*[normalize-space(text())='Signature and Encryption']")));
            assertThat(browser.findElements(ANY_DPOP_SETTING)).isEmpty();
        }

        @Test
        @DisplayName("stored values that mean nothing are shown as the server reads them, with a warning; Save is "
                + "refused until they are replaced")
        void unknownStoredValuesAreExplained() {
            openSettings(oddValueClient);
            wait.until(ExpectedConditions.visibilityOfElementLocated(CONTROL));
            assertThat(List.of("off", "optional", "required")).noneMatch(mode -> radio(mode).isSelected());
            assertThat(browser.findElement(BINDING_NOTES).getText()).contains("'sometimes'", "treats it as Required");
            assertThat(browser.findElement(NONCE_SWITCH).isSelected()).as("the server reads 'yes' as on").isTrue();
            assertThat(browser.findElement(By.cssSelector("[data-testid=dpop-refresh-require-nonce-notes]")).getText())
                    .contains("'yes'", "treats it as on");

            browser.findElement(SAVE).click();
            // the console's alert: the server's error as its title, its error_description as its text
            WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//*[contains(@class, 'pf-v5-c-alert ')][.//*[contains(text(), 'Client could not be updated')]]")));
            assertThat(refused.getText()).contains("invalid_client_metadata", ATTRIBUTE + "='sometimes'");
            assertThat(attribute(oddValueClient, ATTRIBUTE)).isEqualTo("sometimes");

            select("optional");
            click(By.cssSelector("label.pf-v5-c-form__label[for=dpopRefreshRequireNonce]"));
            wait.until(d -> !d.findElement(NONCE_SWITCH).isSelected());
            click(By.cssSelector("label.pf-v5-c-form__label[for=dpopRefreshRequireNonce]"));
            wait.until(d -> d.findElement(NONCE_SWITCH).isSelected());
            save();
            assertThat(attribute(oddValueClient, ATTRIBUTE)).isEqualTo("optional");
            assertThat(attribute(oddValueClient, NONCE_ATTRIBUTE)).isEqualTo("true");
            assertThat(browser.findElements(BINDING_NOTES)).isEmpty();
        }

        @Test
        @DisplayName("the console's theme list shows dpop-admin with its description")
        void themeListShowsTheDescription() throws IOException {
            browser.get("about:blank");
            browser.get(keycloak.baseUri() + "/admin/master/console/#/master/realm-settings/themes");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("kc-admin-theme")));
            click(By.id("kc-admin-theme"));
            WebElement options = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid=select-adminTheme]")));
            WebElement option = options.findElement(By.xpath(".//li[.//*[normalize-space(text())='" + THEME + "']]"));
            assertThat(option.getText()).contains("DPoP-bound refresh token settings");
            screenshot("admin-console-theme-list.png", By.id("kc-admin-theme"));
            click(By.id("kc-admin-theme"));
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
    }

    /** The theme is not offered: what an admin meets there. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisabledIf(value = "io.github.dpoprefresh.it.ui.KeycloakUnderTest#offersDpopAdmin",
            disabledReason = "the dpop-admin theme is offered on this Keycloak version")
    @DisplayName("stock console (dpop-admin not offered)")
    class StockConsole {

        private String publicClient;

        @BeforeAll
        void createClient() throws IOException, InterruptedException {
            // what the README tells operators on this version: the REST API, kcadm.sh or a realm import
            publicClient = admin.createClient(REALM, Map.of(
                    "clientId", "mobile-app", "publicClient", true,
                    "attributes", Map.of(THEFT_ATTRIBUTE, "revoke-session", NONCE_ATTRIBUTE, "true")));
            Path config = Files.createTempDirectory("kcadm").resolve("kcadm.config");
            try {
                kcadm(config, "config", "credentials", "--server", keycloak.baseUri().toString(), "--realm", "master",
                        "--user", CONSOLE_ADMIN, "--password", CONSOLE_ADMIN_PASSWORD);
                // the README's lines
                String uuid = kcadm(config, "get", "clients", "-r", REALM, "-q", "clientId=mobile-app",
                        "--fields", "id", "--format", "csv", "--noquotes").trim();
                assertThat(uuid).isEqualTo(publicClient);
                kcadm(config, "update", "clients/" + uuid, "-r", REALM,
                        "-s", "attributes.\"" + ATTRIBUTE + "\"=required");
            } finally {
                Files.deleteIfExists(config);
                Files.deleteIfExists(config.getParent());
            }
        }

        @Test
        @DisplayName("kcadm.sh sets the setting and keeps the client's other attributes")
        void kcadmSetsTheSetting() {
            JsonNode attributes = admin.client(REALM, "mobile-app").path("attributes");
            assertThat(attributes.path(ATTRIBUTE).asText()).isEqualTo("required");
            assertThat(attributes.path(THEFT_ATTRIBUTE).asText()).isEqualTo("revoke-session");
            assertThat(attributes.path(NONCE_ATTRIBUTE).asText()).isEqualTo("true");
        }

        @Test
        @DisplayName("a public client's Settings tab is the stock one, without DPoP refresh-token settings")
        void settingsTabHasNoDpopSettings() {
            openSettings(publicClient);
            wait.until(ExpectedConditions.visibilityOfElementLocated(CAPABILITY_FORM));
            assertThat(browser.findElements(ANY_DPOP_SETTING)).isEmpty();
            assertThat(browser.findElements(NONCE_SWITCH)).isEmpty();
        }

        @Test
        @DisplayName("saving the client in the stock console keeps the settings made with the REST API and kcadm.sh")
        void stockSaveKeepsTheSettings() {
            openSettings(publicClient);
            WebElement description = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-testid=description]")));
            description.sendKeys("edited in the stock console");
            save();

            JsonNode client = admin.client(REALM, "mobile-app");
            assertThat(client.path("description").asText()).isEqualTo("edited in the stock console");
            assertThat(client.path("attributes").path(ATTRIBUTE).asText()).isEqualTo("required");
            assertThat(client.path("attributes").path(THEFT_ATTRIBUTE).asText()).isEqualTo("revoke-session");
            assertThat(client.path("attributes").path(NONCE_ATTRIBUTE).asText()).isEqualTo("true");
        }
    }

    /** Runs the distribution's {@code bin/kcadm.sh} with its own config file: its output; fails unless it exits 0. */
    private String kcadm(Path config, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(keycloak.home().resolve("bin/kcadm.sh").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("kcadm.sh %s: %s", arguments[0], output).isZero();
        return output;
    }

    /** The console's HTML page for the master realm, as a browser gets it. */
    private String consolePage() {
        browser.get(keycloak.baseUri() + "/admin/master/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-masthead")));
        return (String) ((JavascriptExecutor) browser).executeScript("return document.documentElement.outerHTML");
    }

    private static JsonNode themeInfo(JsonNode serverInfo, String name) {
        for (JsonNode theme : serverInfo.path("themes").path("admin")) {
            if (name.equals(theme.path("name").asText())) {
                return theme;
            }
        }
        throw new AssertionError("no admin theme " + name);
    }

    /** Loads the console afresh on a client's Settings tab (the console switches realms on load). */
    private void openSettings(String clientId) {
        browser.get("about:blank");
        browser.get(keycloak.baseUri() + "/admin/master/console/#/" + REALM + "/clients/" + clientId + "/settings");
        wait.until(ExpectedConditions.elementToBeClickable(SAVE));
    }

    private void save() {
        browser.findElement(SAVE).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(SAVED));
    }

    /** A client attribute as stored, read through the admin REST API; null when absent. */
    private String attribute(String clientId, String attribute) {
        JsonNode value = admin.get("/admin/realms/" + REALM + "/clients/" + clientId).path("attributes").path(attribute);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private WebElement label(String fieldId) {
        return browser.findElement(By.cssSelector("label.pf-v5-c-form__label[for=" + fieldId + "]"));
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

    /** The window with {@code top} near its top, into target/it/screenshots (and docs/images on request). */
    private void screenshot(String name, By top) throws IOException {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -200);"
                        + "document.querySelectorAll('main, [class*=page__main]').forEach(e => e.scrollBy(0, -200));",
                browser.findElement(top));
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of(System.getProperty("work.dir", "target/it")).resolve("screenshots").resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("ui.screenshot.docs")) {
            Path docs = Path.of(System.getProperty("basedir", ".")).resolve("docs/images").resolve(name);
            Files.createDirectories(docs.getParent());
            Files.copy(png, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
