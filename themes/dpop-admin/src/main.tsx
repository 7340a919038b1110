import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";
import "./stock-console.css";

import { AdminUi, KeycloakProvider, routes } from "@keycloak/keycloak-admin-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createHashRouter, RouterProvider } from "react-router-dom";
import { installDpopRefreshSetting } from "./dpop/install";
import { environment } from "./environment";
import { initI18n } from "./i18n";

// The stock console (admin-ui main.tsx of 26.7.3), built from the package's
// exports, plus the DPoP refresh-token setting on the client Settings tab.
installDpopRefreshSetting();

const Root = () => (
  <KeycloakProvider environment={environment}>
    <AdminUi />
  </KeycloakProvider>
);

const router = createHashRouter([{ path: "/", element: <Root />, children: routes }]);

// Not a top-level await (as in the stock main.tsx): with one, Rollup moves all
// shared code out of the entry chunk, and Keycloak's index.ftl would then ask
// for a preload of a manifest key instead of a file.
void initI18n().then(() =>
  createRoot(document.getElementById("app")!).render(
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>,
  ),
);
