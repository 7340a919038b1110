/**
 * The client attribute this theme edits. Its meaning is defined by the
 * extension's Java side (io.github.dpoprefresh.binding.BindingMode).
 */
export const ATTRIBUTE = "dpop.refresh.binding";

export const MODES = ["off", "optional", "required"] as const;
export type Mode = (typeof MODES)[number];

/**
 * The console's form keeps attributes as `attributes.<name>` with every dot of
 * the name replaced by 🍺 (admin-ui `util.ts`: `convertAttributeNameToForm`,
 * `beerify`), so that react-hook-form does not read the dots as nesting.
 */
export const FORM_FIELD = formField(ATTRIBUTE);

/**
 * The mode a stored value means, as the server reads it: absent or blank is
 * off, case and surrounding blanks do not matter; anything else is unknown.
 */
export function modeOf(value: unknown): Mode | "unknown" {
  if (value === undefined || value === null) {
    return "off";
  }
  const text = String(value).trim().toLowerCase();
  if (text === "") {
    return "off";
  }
  return (MODES as readonly string[]).includes(text) ? (text as Mode) : "unknown";
}

/** The control is for OIDC clients without client authentication only (RFC 9449 §5). */
export function appliesTo(protocol: unknown, publicClient: unknown): boolean {
  return (protocol ?? "openid-connect") === "openid-connect" && publicClient === true;
}

/** Client attribute: what happens when a bound refresh token comes without a proof or with another key's proof. */
export const THEFT_ATTRIBUTE = "dpop.refresh.theft-response";
export const THEFT_RESPONSES = ["reject", "revoke-session"] as const;
export type TheftResponse = (typeof THEFT_RESPONSES)[number];
export const THEFT_FORM_FIELD = formField(THEFT_ATTRIBUTE);

/** Client attribute: `true` makes the client's proofs carry a server nonce (RFC 9449 §8). */
export const NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
export const NONCE_FORM_FIELD = formField(NONCE_ATTRIBUTE);

/** Every attribute the theme edits, with its form field (for Revert). */
export const EDITED = [
  { attribute: ATTRIBUTE, field: FORM_FIELD },
  { attribute: THEFT_ATTRIBUTE, field: THEFT_FORM_FIELD },
  { attribute: NONCE_ATTRIBUTE, field: NONCE_FORM_FIELD },
] as const;

function formField(attribute: string): string {
  return `attributes.${attribute.replaceAll(".", "🍺")}`;
}

/** As the server reads it (TheftResponse.of): only `revoke-session`, in any case, ends the session. */
export function theftResponseOf(value: unknown): TheftResponse {
  return String(value ?? "").toLowerCase() === "revoke-session" ? "revoke-session" : "reject";
}

/** As the server reads it (Boolean.parseBoolean): only `true`, in any case, requires a nonce. */
export function requiresNonce(value: unknown): boolean {
  return value === true || String(value ?? "").toLowerCase() === "true";
}
