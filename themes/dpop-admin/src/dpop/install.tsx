import { ClientSettings, FormAccess } from "@keycloak/keycloak-admin-ui";
import type { ComponentProps } from "react";
import { mirrorFormProvider, useClientForm } from "../bridge/clientForm";
import { addElementRewrite } from "../bridge/jsx-runtime";
import { EDITED } from "./binding";
import { InClientSettings } from "./clientSettings";
import { DpopRefreshSettings } from "./DpopRefreshSettings";

type ClientSettingsProps = ComponentProps<typeof ClientSettings>;

/**
 * The stock Settings tab, marked for {@link DpopRefreshSettings}. Its Revert
 * also puts our fields back to their saved values: the console's own revert only
 * resets the attributes the client had when it was loaded.
 */
const ClientSettingsWithDpop = (props: ClientSettingsProps) => {
  const form = useClientForm();
  const reset = () => {
    for (const { attribute, field } of EDITED) {
      form?.setValue(field, props.client.attributes?.[attribute]);
    }
    props.reset();
  };
  return (
    <InClientSettings.Provider value={true}>
      <ClientSettings {...props} reset={reset} />
    </InClientSettings.Provider>
  );
};

/**
 * Puts the settings into the console, as the last fields of the capability
 * settings of a client's Settings tab:
 *  1. every console `<FormProvider>` is mirrored for {@link useClientForm};
 *  2. `<ClientSettings>` (only the client details page renders it; the
 *     new-client wizard does not) becomes {@link ClientSettingsWithDpop};
 *  3. CapabilityConfig's form (`<FormAccess data-testid="capability-config-form">`)
 *     gets {@link DpopRefreshSettings} appended; it shows only inside the
 *     Settings tab. FormAccess passes `isDisabled` to it as to the stock fields
 *     when the admin may not manage clients.
 */
export function installDpopRefreshSetting(): void {
  addElementRewrite(mirrorFormProvider);
  addElementRewrite((type, props) =>
    type === ClientSettings ? { type: ClientSettingsWithDpop, props } : undefined,
  );
  addElementRewrite((type, props) =>
    type === FormAccess && props["data-testid"] === "capability-config-form"
      ? {
          type,
          props: {
            ...props,
            children: [
              ...(Array.isArray(props.children) ? props.children : [props.children]),
              <DpopRefreshSettings key="dpop-refresh-settings" />,
            ],
          },
        }
      : undefined,
  );
}
