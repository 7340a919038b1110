import { CapabilityConfig, FormAccess } from "@keycloak/keycloak-admin-ui";
import type { ComponentProps } from "react";
import { mirrorFormProvider } from "../bridge/clientForm";
import { addElementRewrite } from "../bridge/jsx-runtime";
import { ClientSettingsCapabilities } from "./clientSettings";
import { DpopRefreshBinding } from "./DpopRefreshBinding";

const MarkedCapabilityConfig = (props: ComponentProps<typeof CapabilityConfig>) => (
  <ClientSettingsCapabilities.Provider value={true}>
    <CapabilityConfig {...props} />
  </ClientSettingsCapabilities.Provider>
);

/**
 * Puts the control into the console, as the last field of the capability
 * settings form:
 *  1. every console `<FormProvider>` is mirrored for {@link DpopRefreshBinding};
 *  2. the client Settings tab renders `<CapabilityConfig />` without props
 *     (admin-ui `ClientSettings.tsx`), the new-client wizard passes
 *     `protocol`: only the former is marked;
 *  3. CapabilityConfig's form (`<FormAccess data-testid="capability-config-form">`)
 *     gets the control appended; it shows only where marked. FormAccess passes
 *     `isDisabled` to it as to the stock fields when the admin may not manage clients.
 */
export function installDpopRefreshSetting(): void {
  addElementRewrite(mirrorFormProvider);
  addElementRewrite((type, props) =>
    type === CapabilityConfig && props.protocol === undefined && props.unWrap === undefined
      ? { type: MarkedCapabilityConfig, props }
      : undefined,
  );
  addElementRewrite((type, props) =>
    type === FormAccess && props["data-testid"] === "capability-config-form"
      ? {
          type,
          props: {
            ...props,
            children: [
              ...(Array.isArray(props.children) ? props.children : [props.children]),
              <DpopRefreshBinding key="dpop-refresh-binding" />,
            ],
          },
        }
      : undefined,
  );
}
