/**
 * The client attributes this theme edits and their values, read as the server
 * reads them (io.github.dpoprefresh.binding.ClientSettings: trimmed, any case,
 * blank means absent). A unit test there (ThemeAttributeNamesTest) reads the
 * `*_ATTRIBUTE` and `*_VALUES` constants of this file and fails when they
 * differ from the server's names and values: keep each on one line.
 */

/** Client attribute: are refresh tokens bound to the key of the DPoP proof. */
export const BINDING_ATTRIBUTE = "dpop.refresh.binding";
export const BINDING_VALUES = ["off", "optional", "required"] as const;
export type Mode = (typeof BINDING_VALUES)[number];

/** Client attribute: `true` makes the client's proofs carry a server nonce (RFC 9449 §8). */
export const REQUIRE_NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
export const REQUIRE_NONCE_VALUES = ["true", "false"] as const;

/** Client attribute: what happens when a bound refresh token comes without a proof or with another key's proof. */
export const THEFT_RESPONSE_ATTRIBUTE = "dpop.refresh.theft-response";
export const THEFT_RESPONSE_VALUES = ["reject", "revoke-session"] as const;
export type TheftResponse = (typeof THEFT_RESPONSE_VALUES)[number];

/** Keycloak's own "Require DPoP bound tokens" (it binds access and refresh tokens itself). */
export const CORE_DPOP_ATTRIBUTE = "dpop.bound.access.tokens";

/**
 * The console's form keeps attributes as `attributes.<name>` with every dot of
 * the name replaced by 🍺 (admin-ui `util.ts`: `convertAttributeNameToForm`,
 * `beerify`), so that react-hook-form does not read the dots as nesting.
 */
export function formField(attribute: string): string {
  return `attributes.${attribute.replaceAll(".", "🍺")}`;
}

export const BINDING_FIELD = formField(BINDING_ATTRIBUTE);
export const REQUIRE_NONCE_FIELD = formField(REQUIRE_NONCE_ATTRIBUTE);
export const THEFT_RESPONSE_FIELD = formField(THEFT_RESPONSE_ATTRIBUTE);
export const CORE_DPOP_FIELD = formField(CORE_DPOP_ATTRIBUTE);

/** Every attribute the theme edits, with its form field, in the order shown. */
export const EDITED = [
  { attribute: BINDING_ATTRIBUTE, field: BINDING_FIELD },
  { attribute: THEFT_RESPONSE_ATTRIBUTE, field: THEFT_RESPONSE_FIELD },
  { attribute: REQUIRE_NONCE_ATTRIBUTE, field: REQUIRE_NONCE_FIELD },
] as const;

/** A stored value, trimmed and lower case; "" when absent or blank. */
function normalized(value: unknown): string {
  return value === undefined || value === null ? "" : String(value).trim().toLowerCase();
}

/** Absent or blank means the default; a value the server does not know is "unknown". */
function choiceOf<T extends string>(values: readonly T[], fallback: T, value: unknown): T | "unknown" {
  const text = normalized(value);
  if (text === "") {
    return fallback;
  }
  return (values as readonly string[]).includes(text) ? (text as T) : "unknown";
}

export const modeOf = (value: unknown) => choiceOf(BINDING_VALUES, "off", value);
export const theftResponseOf = (value: unknown) => choiceOf(THEFT_RESPONSE_VALUES, "reject", value);
export const requireNonceOf = (value: unknown) =>
  value === true ? "true" : choiceOf(REQUIRE_NONCE_VALUES, "false", value);

/** Whether a value is stored at all (absent and blank are not). */
export const isStored = (value: unknown) => normalized(value) !== "";

/** Keycloak's switch stores "true" / "false" (a boolean before the form stringifies it). */
export const isOn = (value: unknown) => value === true || normalized(value) === "true";

export const isOidc = (protocol: unknown) => (protocol ?? "openid-connect") === "openid-connect";

/** The settings are for OIDC clients without client authentication only (RFC 9449 §5). */
export function appliesTo(protocol: unknown, publicClient: unknown, bearerOnly: unknown): boolean {
  return isOidc(protocol) && publicClient === true && bearerOnly !== true;
}
