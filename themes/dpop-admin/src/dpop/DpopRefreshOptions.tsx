import { FormGroupField } from "@keycloak/keycloak-admin-ui";
import { Radio, Switch } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useClientForm } from "../bridge/clientForm";
import {
  NONCE_FORM_FIELD,
  THEFT_FORM_FIELD,
  THEFT_RESPONSES,
  type TheftResponse,
  appliesTo,
  requiresNonce,
  theftResponseOf,
} from "./binding";
import { useInClientSettings } from "./clientSettings";

const THEFT_LABEL_KEYS: Record<TheftResponse, string> = {
  reject: "dpopRefreshTheftResponseReject",
  "revoke-session": "dpopRefreshTheftResponseRevokeSession",
};

type Props = {
  /** Set by the console's FormAccess when the admin may not manage clients. */
  isDisabled?: boolean;
};

/** The client form where the DPoP settings apply (see DpopRefreshBinding), else undefined. */
const useApplicableForm = () => {
  const inClientSettings = useInClientSettings();
  const form = useClientForm();
  return inClientSettings && form && appliesTo(form.watch("protocol"), form.watch("publicClient"))
    ? form
    : undefined;
};

/**
 * "Theft response": Reject / End the session, shown with "DPoP-bound refresh
 * tokens" (public OpenID Connect clients), whatever the binding mode, so that
 * it can be chosen before binding is switched on.
 */
export const DpopRefreshTheftResponse = ({ isDisabled = false }: Props) => {
  const form = useApplicableForm();
  const { t } = useTranslation();
  if (!form) {
    return null;
  }
  const response = theftResponseOf(form.watch(THEFT_FORM_FIELD));
  return (
    <FormGroupField label="dpopRefreshTheftResponse">
      <div
        role="radiogroup"
        aria-label={t("dpopRefreshTheftResponse")}
        data-testid="dpop-refresh-theft-response"
        data-value={response}
      >
        {THEFT_RESPONSES.map((option) => (
          <Radio
            key={option}
            id={`dpop-refresh-theft-response-${option}`}
            name="dpop-refresh-theft-response"
            data-testid={`dpop-refresh-theft-response-${option}`}
            label={t(THEFT_LABEL_KEYS[option])}
            description={t(`${THEFT_LABEL_KEYS[option]}Help`)}
            isChecked={response === option}
            isDisabled={isDisabled}
            onChange={() => form.setValue(THEFT_FORM_FIELD, option, { shouldDirty: true })}
          />
        ))}
      </div>
    </FormGroupField>
  );
};

/** "Require server nonce": a switch storing `true` / `false`, shown as the two others. */
export const DpopRefreshRequireNonce = ({ isDisabled = false }: Props) => {
  const form = useApplicableForm();
  const { t } = useTranslation();
  if (!form) {
    return null;
  }
  const on = requiresNonce(form.watch(NONCE_FORM_FIELD));
  return (
    <FormGroupField label="dpopRefreshRequireNonce">
      <Switch
        id="dpop-refresh-require-nonce"
        data-testid="dpop-refresh-require-nonce"
        aria-label={t("dpopRefreshRequireNonce")}
        label={t("on")}
        labelOff={t("off")}
        isChecked={on}
        isDisabled={isDisabled}
        onChange={(_event, checked) =>
          form.setValue(NONCE_FORM_FIELD, String(checked), { shouldDirty: true })
        }
      />
    </FormGroupField>
  );
};
