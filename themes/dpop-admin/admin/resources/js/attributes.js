/**
 * The client attributes the control edits and their values, read as the server
 * reads them (io.github.dpoprefresh.binding.ClientSettings: trimmed, any case,
 * blank means absent). A unit test there (ThemeAttributeNamesTest) reads the
 * `*_ATTRIBUTE` and `*_VALUES` constants of this file and fails when they
 * differ from the server's names and values: keep each on one line.
 */

/** Client attribute: are refresh tokens bound to the key of the DPoP proof. */
export const BINDING_ATTRIBUTE = "dpop.refresh.binding";
export const BINDING_VALUES = ["off", "optional", "required"];

/** Client attribute: `true` makes the client's proofs carry a server nonce (RFC 9449 §8). */
export const REQUIRE_NONCE_ATTRIBUTE = "dpop.refresh.require-nonce";
export const REQUIRE_NONCE_VALUES = ["true", "false"];

/** Client attribute: what happens when a bound refresh token comes without a proof or with another key's proof. */
export const THEFT_RESPONSE_ATTRIBUTE = "dpop.refresh.theft-response";
export const THEFT_RESPONSE_VALUES = ["reject", "revoke-session"];

/** Keycloak's own "Require DPoP bound tokens" (OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS). */
export const CORE_DPOP_ATTRIBUTE = "dpop.bound.access.tokens";

/** Every attribute the control edits, in the order shown. */
export const EDITED = [BINDING_ATTRIBUTE, THEFT_RESPONSE_ATTRIBUTE, REQUIRE_NONCE_ATTRIBUTE];

/** A stored value, trimmed and lower case; "" when absent or blank. */
function normalized(value) {
  return value === undefined || value === null ? "" : String(value).trim().toLowerCase();
}

/** Absent or blank means the default; a value the server does not know is "unknown". */
function choiceOf(values, fallback, value) {
  const text = normalized(value);
  if (text === "") {
    return fallback;
  }
  return values.includes(text) ? text : "unknown";
}

export const modeOf = (value) => choiceOf(BINDING_VALUES, "off", value);
export const theftResponseOf = (value) => choiceOf(THEFT_RESPONSE_VALUES, "reject", value);
export const requireNonceOf = (value) => choiceOf(REQUIRE_NONCE_VALUES, "false", value);

/** Whether a value is stored at all (absent and blank are not). */
export const isStored = (value) => normalized(value) !== "";

/** Keycloak's switches store "true" / "false". */
export const isOn = (value) => value === true || normalized(value) === "true";

/** The settings are for OIDC clients without client authentication only (RFC 9449 §5). */
export function appliesTo({ protocol, publicClient, bearerOnly }) {
  return (protocol ?? "openid-connect") === "openid-connect" && publicClient === true && bearerOnly !== true;
}
