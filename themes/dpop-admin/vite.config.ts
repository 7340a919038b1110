import { appendFileSync, cpSync, readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = dirname(fileURLToPath(import.meta.url));

/** The theme's name (io.github.dpoprefresh.theme.AdminThemeProviderFactory offers it under this name). */
const THEME = "dpop-admin";

/**
 * Where the finished theme goes: a folder laid out like the jar's root
 * (theme/dpop-admin/admin/...). Maven passes
 * its target/classes (pom.xml), so the theme lands in the provider jar.
 */
const outRoot = resolve(process.env.THEME_OUT_DIR ?? resolve(here, "../../target/classes"));

/** Loaded by index.ftl's import map from Keycloak's own vendor folder, as the stock console does. */
const SERVER_PROVIDED = new Set(["react", "react-dom", "react/jsx-runtime"]);

const bridge = resolve(here, "src/bridge/jsx-runtime.ts");

const isAdminUi = (importer: string | undefined) =>
  importer !== undefined &&
  importer.replaceAll("\\", "/").includes("/node_modules/@keycloak/keycloak-admin-ui/");

/**
 * React comes from the server; the admin-ui package's JSX goes through our
 * bridge (src/bridge/jsx-runtime.ts), which hands it on to React's runtime.
 */
const linkReact = (): Plugin => ({
  name: "dpop-admin:link-react",
  enforce: "pre",
  resolveId(source, importer) {
    if (source === "react/jsx-runtime" && isAdminUi(importer)) {
      return bridge;
    }
    if (source === "react-dom/client") {
      // the server's react-dom module exports createRoot itself
      return { id: "react-dom", external: true };
    }
    if (SERVER_PROVIDED.has(source)) {
      return { id: source, external: true };
    }
    return null;
  },
});

/**
 * The package's styles.css merges the CSS of every console section into one
 * file. In the stock console the users section's CSS is loaded only with that
 * section, and one rule of it, `.pf-v5-c-table tbody>tr>*{white-space:nowrap}`,
 * would otherwise stop the cells of every table from wrapping (the
 * Authentication flows table then hides its action menus off screen). Keep it
 * to the users pages.
 */
const USERS_ONLY_RULE = ".pf-v5-c-table tbody>tr>*{white-space:nowrap}";
const scopeUsersSectionCss = (): Plugin => ({
  name: "dpop-admin:scope-users-section-css",
  enforce: "pre",
  transform(code, id) {
    if (!id.replaceAll("\\", "/").endsWith("/@keycloak/keycloak-admin-ui/lib/keycloak-admin-ui.css")) {
      return null;
    }
    if (!code.includes(USERS_ONLY_RULE)) {
      this.error(`${USERS_ONLY_RULE} not found in the admin-ui styles: check this plugin after an upgrade`);
    }
    return code.replace(
      USERS_ONLY_RULE,
      `.pf-v5-c-page__main:has([data-testid=users-page],.kc-username-view-header) ${USERS_ONLY_RULE}`,
    );
  },
});

/** The version of the admin console this theme is built from: the installed @keycloak/keycloak-admin-ui. */
const adminUiVersion = (
  JSON.parse(
    readFileSync(resolve(here, "node_modules/@keycloak/keycloak-admin-ui/package.json"), "utf8"),
  ) as { version: string }
).version;

/**
 * Copies the theme's static files (theme.properties, messages) next to the
 * built resources, and records in theme.properties which admin console it is
 * (`dpopAdminUiVersion`): the extension offers the theme only on Keycloak
 * servers of that minor version (io.github.dpoprefresh.theme.AdminThemeProviderFactory).
 * There is no META-INF/keycloak-themes.json: with one, Keycloak would offer the
 * theme on every version. One left by an older build is removed.
 */
const themeFiles = (): Plugin => ({
  name: "dpop-admin:theme-files",
  apply: "build",
  closeBundle() {
    cpSync(resolve(here, "keycloak"), outRoot, { recursive: true });
    appendFileSync(
      resolve(outRoot, "theme", THEME, "admin", "theme.properties"),
      `dpopAdminUiVersion=${adminUiVersion}\n`,
    );
    rmSync(resolve(outRoot, "META-INF", "keycloak-themes.json"), { force: true });
  },
});

export default defineConfig({
  base: "",
  plugins: [linkReact(), scopeUsersSectionCss(), themeFiles()],
  esbuild: { jsx: "automatic" },
  build: {
    outDir: resolve(outRoot, "theme", THEME, "admin", "resources"),
    emptyOutDir: true,
    target: "es2022",
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 8192,
    rollupOptions: {
      input: resolve(here, "src/main.tsx"),
      onwarn(warning, warn) {
        // react-router marks its modules "use client"; that means nothing in a browser bundle
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
