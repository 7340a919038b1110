import { FormGroupField } from "@keycloak/keycloak-admin-ui";
import { HelperText, HelperTextItem, Radio } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { useClientForm } from "../bridge/clientForm";
import { FORM_FIELD, MODES, type Mode, appliesTo, modeOf } from "./binding";
import { useInClientSettings } from "./clientSettings";

const LABEL_KEYS: Record<Mode, string> = {
  off: "dpopRefreshBindingOff",
  optional: "dpopRefreshBindingOptional",
  required: "dpopRefreshBindingRequired",
};

type Props = {
  /** Set by the console's FormAccess when the admin may not manage clients. */
  isDisabled?: boolean;
};

/**
 * "DPoP-bound refresh tokens": Off / Optional / Required, on the settings of
 * an OpenID Connect client with Client authentication off. It edits the
 * console's own client form, so the page's Save button stores it and Revert
 * resets it; flipping Client authentication shows or hides it at once.
 */
export const DpopRefreshBinding = ({ isDisabled = false }: Props) => {
  const inClientSettings = useInClientSettings();
  const form = useClientForm();
  const { t } = useTranslation();

  if (
    !inClientSettings ||
    !form ||
    !appliesTo(form.watch("protocol"), form.watch("publicClient"))
  ) {
    return null;
  }

  const stored = form.watch(FORM_FIELD);
  const mode = modeOf(stored);

  return (
    <FormGroupField label="dpopRefreshBinding">
      <div
        role="radiogroup"
        aria-label={t("dpopRefreshBinding")}
        data-testid="dpop-refresh-binding"
        data-value={mode}
      >
        {MODES.map((option) => (
          <Radio
            key={option}
            id={`dpop-refresh-binding-${option}`}
            name="dpop-refresh-binding"
            data-testid={`dpop-refresh-binding-${option}`}
            label={t(LABEL_KEYS[option])}
            description={t(`${LABEL_KEYS[option]}Help`)}
            isChecked={mode === option}
            isDisabled={isDisabled}
            onChange={() => form.setValue(FORM_FIELD, option, { shouldDirty: true })}
          />
        ))}
        {mode === "unknown" && (
          <HelperText>
            <HelperTextItem variant="warning">
              {t("dpopRefreshBindingUnknown", { value: String(stored) })}
            </HelperTextItem>
          </HelperText>
        )}
      </div>
    </FormGroupField>
  );
};
