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
export const FORM_FIELD = `attributes.${ATTRIBUTE.replaceAll(".", "🍺")}`;

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
