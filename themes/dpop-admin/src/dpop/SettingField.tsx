import { FormGroupField } from "@keycloak/keycloak-admin-ui";
import { FormHelperText, HelperText, HelperTextItem, Radio } from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A line under a setting: why it is disabled, or what is wrong with the stored value. */
export type Note = { variant: "indeterminate" | "warning"; text: string };

type SettingFieldProps = {
  /** Message key of the label; `<label>Help` is its help text, and the console's label points at this id. */
  label: string;
  testId: string;
  /** What the control shows, for tests and styles. */
  value: string;
  notes?: (Note | false)[];
  children: ReactNode;
};

/**
 * The layout of every DPoP setting: the console's own label and help icon
 * (FormGroupField, whose label is `for` the id {@link SettingFieldProps.label}),
 * the control, then its notes.
 */
export const SettingField = ({ label, testId, value, notes = [], children }: SettingFieldProps) => {
  const shown = notes.filter((note): note is Note => note !== false);
  return (
    <FormGroupField label={label}>
      <div data-testid={testId} data-value={value}>
        {children}
        {shown.length > 0 && (
          <FormHelperText>
            <HelperText data-testid={`${testId}-notes`}>
              {shown.map((note) => (
                <HelperTextItem key={note.text} variant={note.variant}>
                  {note.text}
                </HelperTextItem>
              ))}
            </HelperText>
          </FormHelperText>
        )}
      </div>
    </FormGroupField>
  );
};

type ChoiceFieldProps<T extends string> = Omit<SettingFieldProps, "value" | "children"> & {
  /** Prefix of the radios' ids and name. */
  id: string;
  /** The options, each with its label key (`<key>Help` is its description). */
  options: readonly { value: T; label: string }[];
  value: T | "unknown";
  isDisabled: boolean;
  onChange: (value: T) => void;
};

/** One of a few values, as radio buttons with descriptions, in the {@link SettingField} layout. */
export const ChoiceField = <T extends string>({
  id,
  options,
  value,
  isDisabled,
  onChange,
  ...field
}: ChoiceFieldProps<T>) => {
  const { t } = useTranslation();
  return (
    <SettingField {...field} value={value}>
      <div id={field.label} role="radiogroup" aria-label={t(field.label)}>
        {options.map((option) => (
          <Radio
            key={option.value}
            id={`${id}-${option.value}`}
            name={id}
            data-testid={`${id}-${option.value}`}
            label={t(option.label)}
            description={t(`${option.label}Help`)}
            isChecked={value === option.value}
            isDisabled={isDisabled}
            onChange={() => onChange(option.value)}
          />
        ))}
      </div>
    </SettingField>
  );
};
