/**
 * Access to the react-hook-form instance of the client details page.
 *
 * The admin-ui package bundles its own copy of react-hook-form and does not
 * export `useFormContext`, so this theme cannot join the form through the
 * library. It does not need to: the console hands all form methods to
 * `<FormProvider {...form}>`, and the JSX bridge sees those props. We put the
 * same methods into a context of our own, inside the provider, so a component
 * rendered in the form can read and write fields exactly as the console's own
 * fields do (`watch`, `setValue`), and the console's Save sends them.
 */
import { createContext, createElement, useContext } from "react";
import type { ElementRewrite } from "./jsx-runtime";

/** The subset of react-hook-form's `UseFormReturn` that we use. */
export type ClientForm = {
  watch: (name: string) => unknown;
  setValue: (
    name: string,
    value: unknown,
    options?: { shouldDirty?: boolean; shouldTouch?: boolean },
  ) => void;
  getValues: (name?: string) => unknown;
};

const ClientFormContext = createContext<ClientForm | undefined>(undefined);

/** The nearest enclosing console form, or undefined outside any form. */
export const useClientForm = () => useContext(ClientFormContext);

/** True for the props of `<FormProvider {...useForm()}>`: react-hook-form's whole API object plus children. */
export function isFormProviderProps(props: Record<string, unknown>): boolean {
  return (
    typeof props.watch === "function" &&
    typeof props.setValue === "function" &&
    typeof props.getValues === "function" &&
    typeof props.register === "function" &&
    typeof props.handleSubmit === "function" &&
    typeof props.control === "object" &&
    props.control !== null &&
    "children" in props &&
    typeof props.children !== "function"
  );
}

/** Mirrors every console form into {@link useClientForm} for the elements inside it. */
export const mirrorFormProvider: ElementRewrite = (type, props) => {
  if (!isFormProviderProps(props)) {
    return undefined;
  }
  const form: ClientForm = {
    watch: props.watch as ClientForm["watch"],
    setValue: props.setValue as ClientForm["setValue"],
    getValues: props.getValues as ClientForm["getValues"],
  };
  return {
    type,
    props: {
      ...props,
      children: createElement(ClientFormContext.Provider, {
        value: form,
        children: props.children as never,
      }),
    },
  };
};
