/**
 * The DPoP refresh-token settings of keycloak-dpop-refresh, added to the server's own admin console (keycloak.v2 of
 * the running Keycloak; theme.properties loads this module after the console's entry script).
 *
 * How it stays out of the console's way:
 *  - Data: it reads what the console itself asks the admin REST API for (window.fetch is wrapped): the client
 *    (its attributes and `access`, the server's word on what this admin may do), the server info (version, dpop
 *    feature) and whoami (the admin's locale). Its own requests: the message bundle the console loads too (a realm's
 *    overrides of our texts; the console's i18n backend keeps the fetch of before this module, so it is not seen),
 *    the server info, with the console's own Authorization header, when the console did not ask for it, and the
 *    client's rollout figures (our admin REST endpoint), with the same header, for a public client whose saved mode
 *    is optional or required: shown under the mode; a refused or failed request shows one line, nothing else.
 *  - Save: the console's PUT of the client gets our pending values merged into its body, so the page's own Save
 *    stores both, and a stale copy of our attributes in the console's form never reaches the server. What the server
 *    accepted (or sends on the next GET) becomes our saved state; Revert (the page's button) drops what is pending.
 *  - Place: the capability settings form (data-testid "capability-config-form"), after Keycloak's "Require DPoP
 *    bound tokens" switch (data-testid "attributes.dpop.bound.access.tokens") or at its end where the dpop feature
 *    hides that switch: no English text is looked at. Where the form is not found, nothing is drawn and one message
 *    in the browser console says so.
 *  - Drawing: the console's own React (the import map's `react`, `react-dom`) and PatternFly classes its stylesheet
 *    already has, so light and dark mode follow the console.
 * Any error of ours is caught: the console goes on as without this module.
 */
import { createElement as h, Fragment, useSyncExternalStore } from "react";
import { createRoot } from "react-dom";
import {
  BINDING_ATTRIBUTE,
  CORE_DPOP_ATTRIBUTE,
  EDITED,
  REQUIRE_NONCE_ATTRIBUTE,
  THEFT_RESPONSE_ATTRIBUTE,
  appliesTo,
  isOn,
  isStored,
  modeOf,
  requireNonceOf,
  theftResponseOf,
} from "./attributes.js";
import { ENGLISH } from "./texts.js";
import { figuresOf, figuresPath, lengthOf } from "./figures.js";

const LOG_PREFIX = "keycloak-dpop-refresh:";
const FORM = '[data-testid="capability-config-form"]';
// SwitchControl: data-testid is the form field's name with the dots put back
const CORE_SWITCH = `input[data-testid="attributes.${CORE_DPOP_ATTRIBUTE}"]`;
const CLIENT_AUTHENTICATION = "kc-authentication";
const REVERT = '[data-testid="settings-revert"]';
/** Test hook: with this localStorage key set, the place is never found (the "console changed" case). */
const TEST_NO_PLACE = "dpop-refresh.test.no-place";
/** How long a client's Settings tab may go without the capability form before we say we cannot show the control. */
const PLACE_TIMEOUT_MS = 5000;
/** How long the figures request may take before the control says it could not load them. */
const FIGURES_TIMEOUT_MS = 15000;

// ---- state: what the console got from the server, and what the admin changed in our control ----

const state = {
  /** The Authorization header of the console's last admin API request (never logged). */
  authorization: null,
  serverInfo: null,
  serverInfoRequested: false,
  /** The console's messages (key -> text): theme messages and the realm's overrides. */
  messages: {},
  /** Client id -> { client: representation, saved: {attribute: value}, pending: {attribute: value} }. */
  clients: new Map(),
  /** Client id -> its rollout figures: { status: "loading", "shown", "none", "forbidden", "failed" or "invalid" }. */
  figures: new Map(),
  /** The admin's locale (whoami), for numbers and dates. */
  locale: undefined,
  version: 0,
};
const listeners = new Set();

function changed() {
  state.version++;
  listeners.forEach((listener) => listener());
}

function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The values of our attributes in a client representation (absent: undefined). */
function storedValues(client) {
  const attributes = client?.attributes ?? {};
  return Object.fromEntries(EDITED.map((attribute) => [attribute, attributes[attribute]]));
}

function clientLoaded(id, client) {
  state.clients.set(id, { client, saved: storedValues(client), pending: {} });
  // loaded or saved again (the mode may have changed): the figures are asked for again when shown
  state.figures.delete(id);
  changed();
}

function current(entry, attribute) {
  return attribute in entry.pending ? entry.pending[attribute] : entry.saved[attribute];
}

function setPending(id, attribute, value) {
  const entry = state.clients.get(id);
  if (entry) {
    entry.pending = { ...entry.pending, [attribute]: value };
    changed();
  }
}

function dropPending(id) {
  const entry = state.clients.get(id);
  if (entry && Object.keys(entry.pending).length > 0) {
    entry.pending = {};
    changed();
  }
}

// ---- the console's requests ----

const CLIENT_PATH = /\/admin\/realms\/[^/?#]+\/clients\/([^/?#]+)\/?(?:[?#]|$)/;
const SERVER_INFO_PATH = /\/admin\/serverinfo\/?(?:[?#]|$)/;
const WHOAMI_PATH = /\/console\/whoami\/?(?:[?#]|$)/;

function urlOf(input) {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input?.url ?? "";
}

function headerOf(headers, name) {
  if (!headers) return null;
  if (typeof headers.get === "function") return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : null;
}

/** The console's client PUT with our values merged: the body the server gets, or null to send it unchanged. */
function mergedBody(id, body) {
  const entry = state.clients.get(id);
  if (!entry || typeof body !== "string") return null;
  const client = JSON.parse(body);
  const attributes = { ...(client.attributes ?? {}) };
  for (const attribute of EDITED) {
    const value = current(entry, attribute);
    if (isStored(value)) {
      attributes[attribute] = value;
    } else if (attribute in attributes || isStored(entry.saved[attribute])) {
      // Keycloak removes an attribute sent empty (RepresentationToModel.updateClient)
      attributes[attribute] = "";
    }
  }
  return JSON.stringify({ ...client, attributes });
}

const consoleFetch = window.fetch.bind(window);

window.fetch = async function fetchWithDpopSettings(input, init) {
  let url = "";
  let method = "GET";
  let sent = init;
  let clientId = null;
  try {
    url = urlOf(input);
    method = String(init?.method ?? input?.method ?? "GET").toUpperCase();
    if (url.includes("/admin/")) {
      state.authorization = headerOf(init?.headers, "authorization") ?? state.authorization;
    }
    clientId = CLIENT_PATH.exec(url)?.[1] ?? null;
    if (clientId && method === "PUT" && !(input instanceof Request)) {
      const body = mergedBody(clientId, init?.body);
      if (body !== null) sent = { ...init, body };
    }
  } catch (error) {
    console.debug(LOG_PREFIX, "request left as the console made it", error);
    sent = init;
  }
  const response = await consoleFetch(input, sent);
  try {
    if (response.ok) observe(url, method, clientId, sent, response);
  } catch (error) {
    console.debug(LOG_PREFIX, "response not read", error);
  }
  return response;
};

/** Reads what the server answered the console, without touching the console's response. */
function observe(url, method, clientId, sent, response) {
  if (clientId && method === "GET") {
    response.clone().json().then((client) => clientLoaded(clientId, client), () => {});
  } else if (clientId && method === "PUT" && typeof sent?.body === "string") {
    // the server stored what was sent: that is now the saved state (`access` is the server's, not sent back)
    const before = state.clients.get(clientId)?.client;
    clientLoaded(clientId, { access: before?.access, ...JSON.parse(sent.body) });
  } else if (method === "GET" && SERVER_INFO_PATH.test(url)) {
    response.clone().json().then((info) => { state.serverInfo = info; changed(); }, () => {});
  } else if (method === "GET" && WHOAMI_PATH.test(url)) {
    response.clone().json().then((whoami) => {
      state.locale = whoami?.locale || undefined;
      loadMessages(whoami?.locale || "en");
    }, () => {});
  }
}

function environment() {
  return JSON.parse(document.getElementById("environment")?.textContent ?? "{}");
}

/** The console's message bundle of the admin's locale (theme messages and the realm's overrides): our keys in it. */
function loadMessages(locale) {
  const { adminBaseUrl = "", realm = "master" } = environment();
  const url = `${adminBaseUrl.replace(/\/$/, "")}/resources/${encodeURIComponent(realm)}/admin/`
    + encodeURIComponent(locale);
  consoleFetch(url)
    .then((r) => (r.ok ? r.json() : []))
    .then((entries) => {
      if (Array.isArray(entries)) {
        for (const { key, value } of entries) if (key in ENGLISH) state.messages[key] = value;
        changed();
      }
    }, () => {});
}

/** The server info as the console would get it, asked for once with the console's own token if it has not. */
function serverInfo() {
  if (!state.serverInfo && !state.serverInfoRequested && state.authorization) {
    state.serverInfoRequested = true;
    const { adminBaseUrl = "" } = environment();
    const base = adminBaseUrl.replace(/\/$/, "");
    consoleFetch(`${base}/admin/serverinfo`, { headers: { Authorization: state.authorization } })
      .then((r) => (r.ok ? r.json() : null))
      .then((info) => { if (info) { state.serverInfo = info; changed(); } }, () => {});
  }
  return state.serverInfo;
}

/**
 * The rollout figures of a client (our admin REST endpoint), asked for once with the console's own Authorization
 * header, as the server info: what is known so far (undefined before the request starts).
 */
function figuresFor(route) {
  const known = state.figures.get(route.id);
  if (known || !state.authorization) return known;
  const loading = { status: "loading" };
  state.figures.set(route.id, loading);
  const done = (result) => {
    // a newer request (the client was loaded again) replaces this one
    if (state.figures.get(route.id) === loading) {
      state.figures.set(route.id, result);
      changed();
    }
  };
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), FIGURES_TIMEOUT_MS);
  const { adminBaseUrl = "" } = environment();
  consoleFetch(adminBaseUrl.replace(/\/$/, "") + figuresPath(route.realm, route.id), {
    headers: { Authorization: state.authorization, Accept: "application/json" }, signal: abort.signal,
  })
    .then(async (response) => {
      if (response.status === 403) return { status: "forbidden" };
      if (!response.ok) return { status: "failed", reason: `HTTP ${response.status}` };
      const figures = figuresOf(await response.json().catch(() => null));
      if (figures === null) return { status: "none" };
      return figures.invalid ? { status: "invalid" } : { status: "shown", figures };
    })
    .catch((error) => ({ status: "failed", reason: error?.name === "AbortError" ? "timeout" : "network" }))
    .then((result) => { window.clearTimeout(timer); done(result); });
  return loading;
}

/** Keycloak's dpop feature on this server: true, false, or undefined when the server info does not say. */
function dpopFeature(info) {
  const feature = info?.features?.find?.((f) => String(f.name).toUpperCase() === "DPOP");
  if (feature) return feature.enabled === true;
  const disabled = info?.profileInfo?.disabledFeatures;
  if (Array.isArray(disabled)) return !disabled.some((name) => String(name).toUpperCase() === "DPOP");
  return undefined;
}

// ---- texts ----

function t(key, values = {}) {
  const text = state.messages[key] ?? ENGLISH[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

/** A number as the admin's locale writes it. */
function number(value) {
  try {
    return new Intl.NumberFormat(state.locale).format(value);
  } catch {
    return String(value);
  }
}

/** A moment as the admin's locale writes it. */
function moment(date) {
  try {
    return new Intl.DateTimeFormat(state.locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
  } catch {
    return date.toISOString();
  }
}

// ---- where the control goes ----

/** The client of the page when it is a client's Settings tab: `#/<realm>/clients/<id>[/settings]`. */
function settingsRoute() {
  const match = /^#\/([^/]+)\/clients\/([^/?]+)(?:\/settings)?\/?(?:\?.*)?$/.exec(window.location.hash);
  return match ? { realm: decodeURIComponent(match[1]), id: decodeURIComponent(match[2]) } : null;
}

const container = document.createElement("div");
container.setAttribute("data-testid", "dpop-refresh-settings");
let root = null;
let placeTimer = null;
let placeMissingSaid = false;
let frame = 0;

function testNoPlace() {
  try {
    return window.localStorage.getItem(TEST_NO_PLACE) !== null;
  } catch {
    return false;
  }
}

function place() {
  frame = 0;
  const route = settingsRoute();
  const form = route && !testNoPlace() ? document.querySelector(FORM) : null;
  if (!form) {
    if (container.isConnected) {
      container.remove();
      changed();
    }
    if (route && !placeTimer) placeTimer = window.setTimeout(placeMissing, PLACE_TIMEOUT_MS);
    return;
  }
  window.clearTimeout(placeTimer);
  placeTimer = null;
  const group = form.querySelector(CORE_SWITCH)?.closest(".pf-v5-c-form__group");
  let moved = false;
  if (group && group.parentElement) {
    if (group.nextElementSibling !== container) { group.after(container); moved = true; }
  } else if (form.lastElementChild !== container) {
    form.append(container);
    moved = true;
  }
  if (!root) {
    root = createRoot(container);
    root.render(h(Settings));
  }
  // not on every mutation: our own drawing is one
  if (moved) changed();
}

/** A client's Settings tab without the capability form: the console changed. Said once per page load. */
function placeMissing() {
  placeTimer = null;
  const route = settingsRoute();
  if (!route || container.isConnected || placeMissingSaid) return;
  if (!state.clients.has(route.id)) {
    // the console has not loaded the client (yet): look again later
    placeTimer = window.setTimeout(placeMissing, PLACE_TIMEOUT_MS);
    return;
  }
  // a SAML client's page need not have the form: the control is for OpenID Connect clients only
  if ((state.clients.get(route.id).client.protocol ?? "openid-connect") !== "openid-connect") return;
  placeMissingSaid = true;
  const version = serverInfo()?.systemInfo?.version ?? "(version unknown)";
  console.warn(`${LOG_PREFIX} the DPoP refresh-token settings are not shown: the admin console of Keycloak ${version} `
    + "has no capability settings form where this theme looks for it. The console works as without the theme. "
    + "Set them with kcadm.sh: "
    + `kcadm.sh update clients/<id> -r <realm> -s 'attributes."${BINDING_ATTRIBUTE}"=optional'`);
}

function schedulePlace() {
  if (!frame) frame = window.requestAnimationFrame(() => {
    try {
      place();
    } catch (error) {
      console.debug(LOG_PREFIX, "not placed", error);
    }
  });
}

// ---- the control ----

/** What the console's form shows right now, else the saved representation. */
function liveSwitch(element, fallback) {
  return element ? element.checked : fallback;
}

function Settings() {
  useSyncExternalStore(subscribe, () => state.version);
  const route = settingsRoute();
  const entry = route && state.clients.get(route.id);
  if (!entry || !container.isConnected) return null;
  const { client } = entry;
  const authentication = document.getElementById(CLIENT_AUTHENTICATION);
  const publicClient = authentication ? !authentication.checked : client.publicClient === true;
  // the REST API decides: `access` of the client representation is this admin's right on this client
  const readOnly = !(client.access?.configure === true || client.access?.manage === true);
  const set = (attribute) => (value) => setPending(route.id, attribute, value);
  if (!appliesTo({ ...client, publicClient })) {
    return h(StoredWithoutEffect, { entry, readOnly, clear: set });
  }
  const feature = dpopFeature(serverInfo());
  const coreSwitch = document.querySelector(`${FORM} ${CORE_SWITCH}`);
  const coreOn = liveSwitch(coreSwitch, isOn(client.attributes?.[CORE_DPOP_ATTRIBUTE]));
  const coreBindsBoth = coreOn && feature !== false;
  const disabled = readOnly || coreBindsBoth;

  const binding = current(entry, BINDING_ATTRIBUTE);
  const theft = current(entry, THEFT_RESPONSE_ATTRIBUTE);
  const nonce = current(entry, REQUIRE_NONCE_ATTRIBUTE);
  const mode = modeOf(binding);
  const theftResponse = theftResponseOf(theft);
  const requireNonce = requireNonceOf(nonce);
  // figures are counted for the saved mode (not one chosen but not saved yet), while our settings apply
  const counted = !coreBindsBoth && ["optional", "required"].includes(modeOf(entry.saved[BINDING_ATTRIBUTE]));
  const offHelp = feature === true ? "dpopRefreshBindingOffHelpFeatureOn"
    : feature === false ? "dpopRefreshBindingOffHelpFeatureOff" : "dpopRefreshBindingOffHelpFeatureUnknown";

  return h(Fragment, null,
    h(Choice, {
      name: "dpop-refresh-binding", label: "dpopRefreshBinding", value: mode, disabled,
      onChange: set(BINDING_ATTRIBUTE),
      options: [
        { value: "off", label: "dpopRefreshBindingOff", help: offHelp },
        { value: "optional", label: "dpopRefreshBindingOptional" },
        { value: "required", label: "dpopRefreshBindingRequired" },
      ],
      notes: [
        coreOn && { variant: feature === false ? "warning" : "indeterminate",
          text: t(feature === false ? "dpopRefreshCoreDpopFeatureOff" : "dpopRefreshCoreDpopFeatureOn") },
        mode === "unknown" && { variant: "error", text: t("dpopRefreshBindingUnknown", { value: binding }) },
      ],
    }),
    counted && h(Figures, { route }),
    h(Choice, {
      name: "dpop-refresh-theft-response", label: "dpopRefreshTheftResponse", value: theftResponse, disabled,
      onChange: set(THEFT_RESPONSE_ATTRIBUTE),
      options: [
        { value: "reject", label: "dpopRefreshTheftResponseReject" },
        { value: "revoke-session", label: "dpopRefreshTheftResponseRevokeSession" },
      ],
      notes: [theftResponse === "unknown"
        && { variant: "error", text: t("dpopRefreshTheftResponseUnknown", { value: theft }) }],
    }),
    h(Field, {
      name: "dpop-refresh-require-nonce", label: "dpopRefreshRequireNonce", value: requireNonce,
      notes: [requireNonce === "unknown"
        && { variant: "error", text: t("dpopRefreshRequireNonceUnknown", { value: nonce }) }],
    }, h(Switch, {
      id: "dpop-refresh-require-nonce-switch", labelledBy: "dpop-refresh-require-nonce-label",
      describedBy: "dpop-refresh-require-nonce-help", checked: requireNonce !== "false", disabled,
      onChange: (checked) => set(REQUIRE_NONCE_ATTRIBUTE)(String(checked)),
    })));
}

const VERDICT_LOOKS = {
  READY: { variant: "success", label: "dpopRefreshFiguresReady" },
  NOT_READY: { variant: "warning", label: "dpopRefreshFiguresNotReady" },
  TOO_EARLY: { variant: "indeterminate", label: "dpopRefreshFiguresTooEarly" },
  UNKNOWN: { variant: "indeterminate", label: "dpopRefreshFiguresUnknownState" },
};

const FIGURE_COLUMNS = [
  { key: "withProof", label: "dpopRefreshFiguresWithProof" },
  { key: "withoutProof", label: "dpopRefreshFiguresWithoutProof" },
  { key: "refused", label: "dpopRefreshFiguresRefused" },
  { key: "sessions", label: "dpopRefreshFiguresSessions" },
];

/** A window's row label; the longest one says what it is on a second line. */
function windowLabel(row) {
  if (row.name !== "longest") return t(row.name === "24h" ? "dpopRefreshFiguresLast24h" : "dpopRefreshFiguresLast7d");
  const length = lengthOf(row.seconds);
  return [
    length.days !== undefined ? t("dpopRefreshFiguresLastDays", { days: number(length.days) })
      : t("dpopRefreshFiguresLastHours", { hours: number(length.hours) }),
    h("br", { key: "br" }),
    h("small", { key: "what", style: { fontWeight: "normal" } }, t("dpopRefreshFiguresLongest")),
  ];
}

const NUMERIC = { textAlign: "right" };

/** A cell of the figures table: the count, "about" it where the sessions are an estimate; per grant in its title. */
function figureCell(row, column) {
  const value = row[column.key];
  const shown = column.key === "sessions" && !row.sessionsExact
    ? t("dpopRefreshFiguresAbout", { count: number(value) }) : number(value);
  const perGrant = column.key === "sessions" ? undefined
    : row.perGrant.map((g) => `${g.grant}: ${number(g[column.key])}`).join(", ");
  return h("td", { key: column.key, className: "pf-v5-c-table__td", style: NUMERIC, "data-column": column.key,
    "data-value": value, "data-label": t(column.label), title: perGrant }, shown);
}

/**
 * The rollout figures of a public client whose mode is optional or required, under its mode: the server's verdict,
 * a table of the windows, and how fresh the figures are. Nothing while they load or when the server has none for it;
 * a short line when they cannot be had (the control above works as without them).
 */
function Figures({ route }) {
  const loaded = figuresFor(route);
  if (!loaded || loaded.status === "loading" || loaded.status === "none") return null;
  const name = "dpop-refresh-figures";
  if (loaded.status !== "shown") {
    const text = loaded.status === "forbidden" ? t("dpopRefreshFiguresForbidden")
      : loaded.status === "invalid" ? t("dpopRefreshFiguresInvalid")
        : t("dpopRefreshFiguresFailed", { reason: loaded.reason });
    return h(Field, { name, label: "dpopRefreshFigures", value: loaded.status, helpFirst: true,
      notes: [{ variant: "warning", text }] });
  }
  const { figures } = loaded;
  const look = VERDICT_LOOKS[figures.verdict.state];
  const seconds = figures.flushIntervalSeconds;
  const note = t(seconds === 1 ? "dpopRefreshFiguresNoteEverySecond" : "dpopRefreshFiguresNote",
    { seconds: number(seconds) })
    + (figures.countingSince ? ` ${t("dpopRefreshFiguresSince", { since: moment(figures.countingSince) })}` : "");
  return h(Field, { name, label: "dpopRefreshFigures", value: figures.verdict.state, helpFirst: true, notes: [] },
    h("div", { className: "pf-v5-c-helper-text", "data-testid": `${name}-verdict`,
      "data-state": figures.verdict.state, role: "status" },
    h("div", { className: `pf-v5-c-helper-text__item pf-m-${look.variant}` },
      h("span", { className: "pf-v5-c-helper-text__item-text" },
        h("strong", null, t(look.label)), " ", figures.verdict.text.replace(/`/g, "")))),
    h("table", { className: "pf-v5-c-table pf-m-compact pf-m-grid-md", "data-testid": `${name}-table`,
      "aria-labelledby": `${name}-label`, "aria-describedby": `${name}-help` },
    h("thead", { className: "pf-v5-c-table__thead" }, h("tr", { className: "pf-v5-c-table__tr" },
      h("th", { className: "pf-v5-c-table__th pf-m-wrap", scope: "col" }, t("dpopRefreshFiguresPeriod")),
      FIGURE_COLUMNS.map((column) => h("th",
        { key: column.key, className: "pf-v5-c-table__th pf-m-wrap", scope: "col", style: NUMERIC },
        t(column.label))))),
    h("tbody", { className: "pf-v5-c-table__tbody" }, figures.windows.map((row) => h("tr",
      { key: row.name, className: "pf-v5-c-table__tr", "data-window": row.name },
      h("th", { className: "pf-v5-c-table__th pf-m-wrap", scope: "row", "data-label": t("dpopRefreshFiguresPeriod") },
        windowLabel(row)),
      FIGURE_COLUMNS.map((column) => figureCell(row, column)))))),
    h("div", { className: "pf-v5-c-form__helper-text", "data-testid": `${name}-note` },
      h("div", { className: "pf-v5-c-helper-text" },
        h("div", { className: "pf-v5-c-helper-text__item" },
          h("span", { className: "pf-v5-c-helper-text__item-text" }, note)))));
}

/** A confidential client's stored settings: said to have no effect, with a way to clear them. */
function StoredWithoutEffect({ entry, readOnly, clear }) {
  const stored = EDITED.filter((attribute) => isStored(current(entry, attribute)));
  if (stored.length === 0) return null;
  const settings = stored.map((attribute) => `${attribute}=${current(entry, attribute)}`).join(", ");
  return h(Field, { name: "dpop-refresh-confidential", label: "dpopRefreshBinding", value: "stored", notes: [] },
    h("div", { className: "pf-v5-c-helper-text" },
      h("div", { className: "pf-v5-c-helper-text__item pf-m-indeterminate" },
        h("span", { className: "pf-v5-c-helper-text__item-text" }, t("dpopRefreshConfidential", { settings })))),
    h("button", {
      type: "button", className: "pf-v5-c-button pf-m-link pf-m-inline", "data-testid": "dpop-refresh-clear",
      disabled: readOnly, "aria-disabled": readOnly,
      onClick: () => stored.forEach((attribute) => clear(attribute)("")),
    }, t("dpopRefreshClear")));
}

/** The console's horizontal form group: label (with its help below it), the control, then its notes. */
function Field({ name, label, value, notes, helpFirst = false, children }) {
  const shown = notes.filter(Boolean);
  const help = h("div", { className: "pf-v5-c-form__helper-text", id: `${name}-help`,
    style: helpFirst ? { marginTop: 0, marginBottom: "var(--pf-v5-global--spacer--sm)" } : undefined },
  h("div", { className: "pf-v5-c-helper-text" },
    h("div", { className: "pf-v5-c-helper-text__item" },
      h("span", { className: "pf-v5-c-helper-text__item-text" }, t(`${label}Help`)))));
  return h("div", { className: "pf-v5-c-form__group", "data-testid": name, "data-value": value },
    h("div", { className: "pf-v5-c-form__group-label" },
      h("span", { className: "pf-v5-c-form__label", id: `${name}-label` },
        h("span", { className: "pf-v5-c-form__label-text" }, t(label)))),
    h("div", { className: "pf-v5-c-form__group-control" },
      helpFirst && help,
      children,
      !helpFirst && help,
      shown.length > 0 && h("div",
        { className: "pf-v5-c-form__helper-text", "data-testid": `${name}-notes`, role: "status" },
        h("div", { className: "pf-v5-c-helper-text" }, shown.map((note) =>
          h("div", { key: note.text, className: `pf-v5-c-helper-text__item pf-m-${note.variant}` },
            h("span", { className: "pf-v5-c-helper-text__item-text" }, note.text)))))));
}

/** One of a few values: native radio buttons (keyboard: Tab into the group, arrows choose), each described. */
function Choice({ name, label, value, options, disabled, onChange, notes }) {
  // the field's help before its options, so that it does not read as the last option's
  return h(Field, { name, label, value, notes, helpFirst: true },
    h("div", { role: "radiogroup", "aria-labelledby": `${name}-label`, "aria-describedby": `${name}-help` },
      options.map((option) => {
        const id = `${name}-${option.value}`;
        return h("div", { key: option.value, className: "pf-v5-c-radio" },
          h("input", {
            className: "pf-v5-c-radio__input", type: "radio", id, name, "data-testid": id,
            checked: value === option.value, disabled, "aria-describedby": `${id}-description`,
            onChange: () => onChange(option.value),
          }),
          h("label", { className: `pf-v5-c-radio__label${disabled ? " pf-m-disabled" : ""}`, htmlFor: id },
            t(option.label)),
          h("span", { className: "pf-v5-c-radio__description", id: `${id}-description` },
            t(option.help ?? `${option.label}Help`)));
      })));
}

/** PatternFly's switch around a native checkbox (keyboard: Space). */
function Switch({ id, labelledBy, describedBy, checked, disabled, onChange }) {
  return h("label", { className: "pf-v5-c-switch", htmlFor: id },
    h("input", {
      className: "pf-v5-c-switch__input", type: "checkbox", role: "switch", id, checked, disabled,
      "aria-labelledby": labelledBy, "aria-describedby": describedBy,
      onChange: (event) => onChange(event.target.checked),
    }),
    h("span", { className: "pf-v5-c-switch__toggle" }),
    h("span", { className: "pf-v5-c-switch__label pf-m-on", "aria-hidden": "true" }, t("dpopRefreshOn")),
    h("span", { className: "pf-v5-c-switch__label pf-m-off", "aria-hidden": "true" }, t("dpopRefreshOff")));
}

// ---- start ----

try {
  new MutationObserver(schedulePlace).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("hashchange", schedulePlace);
  // the console's switches change our view at once (Client authentication, Require DPoP bound tokens)
  document.addEventListener("change", () => window.setTimeout(changed, 0), true);
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest(REVERT)) {
      const route = settingsRoute();
      if (route) dropPending(route.id);
    }
    window.setTimeout(changed, 0);
  }, true);
  schedulePlace();
} catch (error) {
  console.debug(LOG_PREFIX, "not started", error);
}
