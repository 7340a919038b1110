/**
 * The rollout figures of a client, as the admin REST endpoint of keycloak-dpop-refresh answers them
 * (GET /admin/realms/<realm>/dpop-refresh/clients/<id>/figures, JSON in docs/operations.md), reduced to what the
 * console shows. Pure functions: no request, no drawing. An answer without the documented shape gives
 * { invalid: true } (the console then says the figures could not be read), never an exception.
 */

/** The modes whose clients have figures. */
const COUNTED_MODES = ["optional", "required"];

/** The windows the console shows, in this order (the endpoint's `name`s). */
export const WINDOWS = ["24h", "7d", "longest"];

/** Verdict states the endpoint knows (io.github.dpoprefresh.rollout.Verdict); anything else is shown as unknown. */
export const VERDICT_STATES = ["READY", "NOT_READY", "TOO_EARLY"];

/** The endpoint path of a client's figures, under the console's admin base URL. */
export function figuresPath(realm, clientUuid) {
  return `/admin/realms/${encodeURIComponent(realm)}/dpop-refresh/clients/${encodeURIComponent(clientUuid)}/figures`;
}

/** A whole number >= 0, or null. */
function count(value) {
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** The sum of whole numbers >= 0; null as soon as one is not. */
function sum(values) {
  let total = 0;
  for (const value of values) {
    const n = count(value);
    if (n === null) return null;
    total += n;
  }
  return total;
}

/** One window: requests with a proof, without one, refused (all grants), and the sessions of unbound refreshes. */
function windowOf(window) {
  const grants = window?.grants;
  if (!grants || typeof grants !== "object") return null;
  const perGrant = Object.entries(grants).map(([grant, figures]) => ({
    grant,
    withProof: count(figures?.withProof),
    withoutProof: count(figures?.withoutProof),
    refused: figures?.refused && typeof figures.refused === "object" ? sum(Object.values(figures.refused)) : null,
  }));
  const withProof = sum(perGrant.map((g) => g.withProof));
  const withoutProof = sum(perGrant.map((g) => g.withoutProof));
  const refused = sum(perGrant.map((g) => g.refused));
  const sessions = count(window.sessionsRefreshingUnboundWithoutProof);
  const seconds = count(window.seconds);
  if ([withProof, withoutProof, refused, sessions, seconds].includes(null)) return null;
  return {
    name: window.name, seconds, withProof, withoutProof, refused, sessions,
    sessionsExact: window.sessionsExact !== false, perGrant,
  };
}

/**
 * What the console shows of an endpoint answer: null for a client that has no figures (mode off, confidential), or
 * { mode, countingSince (Date or null), flushIntervalSeconds, windows: [...] in WINDOWS order,
 *   verdict: { state, text } }.
 * Throws nothing; an answer without the documented shape gives { invalid: true }.
 */
export function figuresOf(json) {
  try {
    if (!json || typeof json !== "object") return { invalid: true };
    const mode = String(json.mode ?? "").toLowerCase();
    if (!COUNTED_MODES.includes(mode)) return null;
    const byName = new Map((Array.isArray(json.windows) ? json.windows : []).map((w) => [w?.name, w]));
    const windows = WINDOWS.map((name) => windowOf(byName.get(name)));
    const flushIntervalSeconds = count(json.flushIntervalSeconds);
    if (windows.includes(null) || flushIntervalSeconds === null || typeof json.verdict?.text !== "string") {
      return { invalid: true };
    }
    const since = typeof json.countingSince === "string" ? new Date(json.countingSince) : null;
    const state = String(json.verdict.state ?? "");
    return {
      mode,
      countingSince: since && !Number.isNaN(since.getTime()) ? since : null,
      flushIntervalSeconds,
      windows,
      verdict: { state: VERDICT_STATES.includes(state) ? state : "UNKNOWN", text: json.verdict.text },
    };
  } catch {
    return { invalid: true };
  }
}

/** A window's length as the console names it: whole days, else whole hours (the longest window of a realm). */
export function lengthOf(seconds) {
  const hours = Math.ceil(seconds / 3600);
  return hours % 24 === 0 ? { days: hours / 24 } : { hours };
}
