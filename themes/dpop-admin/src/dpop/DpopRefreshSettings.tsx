import { Button, HelperText, HelperTextItem, Switch } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { type ClientForm, useClientForm } from "../bridge/clientForm";
import {
  BINDING_FIELD,
  CORE_DPOP_FIELD,
  EDITED,
  REQUIRE_NONCE_FIELD,
  THEFT_RESPONSE_FIELD,
  appliesTo,
  isOidc,
  isOn,
  isStored,
  modeOf,
  requireNonceOf,
  theftResponseOf,
} from "./binding";
import { useInClientSettings } from "./clientSettings";
import { ChoiceField, SettingField } from "./SettingField";

const MODES = [
  { value: "off", label: "dpopRefreshBindingOff" },
  { value: "optional", label: "dpopRefreshBindingOptional" },
  { value: "required", label: "dpopRefreshBindingRequired" },
] as const;

const THEFT_RESPONSES = [
  { value: "reject", label: "dpopRefreshTheftResponseReject" },
  { value: "revoke-session", label: "dpopRefreshTheftResponseRevokeSession" },
] as const;

type Props = {
  /** Set by the console's FormAccess when the admin may not manage clients. */
  isDisabled?: boolean;
};

/**
 * The DPoP refresh-token settings on the Settings tab of an OpenID Connect
 * client. They edit the console's own client form, so the page's Save stores
 * them and Revert resets them; flipping Client authentication or "Require DPoP
 * bound tokens" changes them at once.
 *  - Client authentication off: DPoP-bound refresh tokens, Theft response,
 *    Require server nonce; disabled while "Require DPoP bound tokens" is on
 *    (Keycloak then binds both tokens itself).
 *  - Client authentication on: nothing, or, when settings are stored, a line
 *    saying they have no effect, with a button that clears them.
 */
export const DpopRefreshSettings = ({ isDisabled = false }: Props) => {
  const inClientSettings = useInClientSettings();
  const form = useClientForm();
  const { t } = useTranslation();

  if (!inClientSettings || !form || !isOidc(form.watch("protocol"))) {
    return null;
  }
  if (!appliesTo(form.watch("protocol"), form.watch("publicClient"), form.watch("bearerOnly"))) {
    return <StoredWithoutEffect form={form} isDisabled={isDisabled} />;
  }

  const coreBindsBoth = isOn(form.watch(CORE_DPOP_FIELD));
  const disabled = isDisabled || coreBindsBoth;
  const set = (field: string, value: string) => form.setValue(field, value, { shouldDirty: true });
  const stored = (field: string) => String(form.watch(field));

  const mode = modeOf(form.watch(BINDING_FIELD));
  const theftResponse = theftResponseOf(form.watch(THEFT_RESPONSE_FIELD));
  const requireNonce = requireNonceOf(form.watch(REQUIRE_NONCE_FIELD));

  return (
    <>
      <ChoiceField
        label="dpopRefreshBinding"
        testId="dpop-refresh-binding"
        id="dpop-refresh-binding"
        options={MODES}
        value={mode}
        isDisabled={disabled}
        onChange={(value) => set(BINDING_FIELD, value)}
        notes={[
          coreBindsBoth && { variant: "indeterminate", text: t("dpopRefreshCoreDpop") },
          mode === "unknown" && {
            variant: "warning",
            text: t("dpopRefreshBindingUnknown", { value: stored(BINDING_FIELD) }),
          },
        ]}
      />
      <ChoiceField
        label="dpopRefreshTheftResponse"
        testId="dpop-refresh-theft-response"
        id="dpop-refresh-theft-response"
        options={THEFT_RESPONSES}
        value={theftResponse}
        isDisabled={disabled}
        onChange={(value) => set(THEFT_RESPONSE_FIELD, value)}
        notes={[
          theftResponse === "unknown" && {
            variant: "warning",
            text: t("dpopRefreshTheftResponseUnknown", { value: stored(THEFT_RESPONSE_FIELD) }),
          },
        ]}
      />
      <SettingField
        label="dpopRefreshRequireNonce"
        testId="dpop-refresh-require-nonce"
        value={requireNonce}
        notes={[
          requireNonce === "unknown" && {
            variant: "warning",
            text: t("dpopRefreshRequireNonceUnknown", { value: stored(REQUIRE_NONCE_FIELD) }),
          },
        ]}
      >
        <Switch
          id="dpopRefreshRequireNonce"
          aria-label={t("dpopRefreshRequireNonce")}
          label={t("on")}
          labelOff={t("off")}
          isChecked={requireNonce !== "false"}
          isDisabled={disabled}
          onChange={(_event, checked) => set(REQUIRE_NONCE_FIELD, String(checked))}
        />
      </SettingField>
    </>
  );
};

/** A confidential client's stored settings: said to have no effect, with a way to clear them. */
const StoredWithoutEffect = ({ form, isDisabled }: { form: ClientForm; isDisabled: boolean }) => {
  const { t } = useTranslation();
  const stored = EDITED.filter(({ field }) => isStored(form.watch(field)));
  if (stored.length === 0) {
    return null;
  }
  const settings = stored.map(({ attribute, field }) => `${attribute}=${String(form.watch(field))}`).join(", ");
  return (
    <SettingField label="dpopRefreshBinding" testId="dpop-refresh-confidential" value="stored">
      <HelperText id="dpopRefreshBinding">
        <HelperTextItem variant="indeterminate">{t("dpopRefreshConfidential", { settings })}</HelperTextItem>
      </HelperText>
      <Button
        variant="link"
        isInline
        data-testid="dpop-refresh-clear"
        isDisabled={isDisabled}
        onClick={() => {
          for (const { field } of stored) {
            form.setValue(field, "", { shouldDirty: true });
          }
        }}
      >
        {t("dpopRefreshClear")}
      </Button>
    </SettingField>
  );
};
