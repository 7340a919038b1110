/**
 * English texts of the control. A realm's localization overrides (Realm settings > Localization > Realm overrides)
 * with the same keys win: the console's own message requests bring them (see dpop-refresh.js).
 * `{value}`, `{settings}`, `{days}`, ... are filled in.
 */
export const ENGLISH = {
  dpopRefreshBinding: "DPoP-bound refresh tokens",
  dpopRefreshBindingHelp:
    "Binds this public client's refresh tokens to the key of its DPoP proof (RFC 9449), while its access tokens stay Bearer tokens (keycloak-dpop-refresh).",
  dpopRefreshBindingOff: "Off",
  dpopRefreshBindingOffHelpFeatureOn:
    "This extension binds nothing, but Keycloak's own DPoP applies, as its dpop feature is enabled on this server: a token request with a DPoP proof gets a DPoP-bound access token (token_type DPoP, which Bearer APIs refuse) and a DPoP-bound refresh token; a request without a proof gets Bearer tokens.",
  dpopRefreshBindingOffHelpFeatureOff:
    "Nothing is bound: Keycloak's dpop feature is disabled on this server, so this client's tokens are Bearer tokens whether or not it sends a DPoP proof.",
  dpopRefreshBindingOffHelpFeatureUnknown:
    "This extension binds nothing. With Keycloak's dpop feature on (the default), Keycloak's own DPoP applies: a token request with a DPoP proof gets DPoP-bound access and refresh tokens. With the feature off, nothing is bound.",
  dpopRefreshBindingOptional: "Optional",
  dpopRefreshBindingOptionalHelp:
    "A token request with a valid DPoP proof gets a refresh token bound to the proof's key and a Bearer access token; a request without a proof works as before.",
  dpopRefreshBindingRequired: "Required",
  dpopRefreshBindingRequiredHelp:
    "As Optional, but a token request without a valid DPoP proof is refused, so every refresh token of this client is bound.",
  dpopRefreshBindingUnknown:
    "The stored value '{value}' is not off, optional or required: the server acts as if it were Required, and does not save the client with it. Choose a mode to replace it.",
  dpopRefreshCoreDpopFeatureOn:
    "Require DPoP bound tokens is on: Keycloak itself binds and checks the access token and the refresh token of this client, so these settings do not apply.",
  dpopRefreshCoreDpopFeatureOff:
    "Require DPoP bound tokens is stored on, but Keycloak's dpop feature is disabled on this server: that switch does nothing, and these settings apply.",
  dpopRefreshConfidential:
    "This client has DPoP refresh-token settings stored ({settings}). They have no effect: the refresh tokens of a client with Client authentication on are never bound.",
  dpopRefreshClear: "Clear these settings",
  dpopRefreshTheftResponse: "Theft response",
  dpopRefreshTheftResponseHelp:
    "What happens when a refresh token bound to a DPoP key is presented without a proof, or with a valid proof of another key.",
  dpopRefreshTheftResponseReject: "Reject",
  dpopRefreshTheftResponseRejectHelp:
    "A bound refresh token presented without a proof or with another key's proof is refused; nothing else happens.",
  dpopRefreshTheftResponseRevokeSession: "End the session",
  dpopRefreshTheftResponseRevokeSessionHelp:
    "A bound refresh token presented without a proof or with another key's proof is refused and the user session it belongs to is ended, so the thief and the user must log in again; whoever holds a copy of the token can then end the session on purpose.",
  dpopRefreshTheftResponseUnknown:
    "The stored value '{value}' is not reject or revoke-session: the server acts as if it were Reject, and does not save the client with it. Choose a response to replace it.",
  dpopRefreshRequireNonce: "Require server nonce",
  dpopRefreshRequireNonceHelp:
    "DPoP proofs must carry a nonce from the server's DPoP-Nonce header (RFC 9449 §8); without one the client gets use_dpop_nonce and retries.",
  dpopRefreshRequireNonceUnknown:
    "The stored value '{value}' is not true or false: the server acts as if it were true (on), and does not save the client with it. Switch it off and on again to keep it on.",
  dpopRefreshFigures: "Rollout readiness",
  dpopRefreshFiguresHelp:
    "This client's token requests as the server counted them, to tell when Required is safe: Required refuses every request without a DPoP proof, and the unbound sessions (user sessions that refreshed a refresh token bound to no key, without a proof) must log in again.",
  dpopRefreshFiguresReady: "Ready for Required:",
  dpopRefreshFiguresNotReady: "Not ready for Required:",
  dpopRefreshFiguresTooEarly: "Too early to tell:",
  dpopRefreshFiguresUnknownState: "Verdict:",
  dpopRefreshFiguresPeriod: "Period",
  dpopRefreshFiguresLast24h: "Last 24 hours",
  dpopRefreshFiguresLast7d: "Last 7 days",
  dpopRefreshFiguresLastDays: "Last {days} days",
  dpopRefreshFiguresLastHours: "Last {hours} hours",
  dpopRefreshFiguresLongest: "the longest refresh-token lifetime",
  dpopRefreshFiguresWithProof: "With proof",
  dpopRefreshFiguresWithoutProof: "Without proof",
  dpopRefreshFiguresRefused: "Refused",
  dpopRefreshFiguresSessions: "Unbound sessions",
  dpopRefreshFiguresAbout: "about {count}",
  dpopRefreshFiguresNote:
    "The server writes these figures every {seconds} seconds, so the latest requests may take that long to count; reload the page for newer ones.",
  dpopRefreshFiguresNoteEverySecond:
    "The server writes these figures every second, so the latest requests may take that long to count; reload the page for newer ones.",
  dpopRefreshFiguresSince: "Counted since {since}.",
  dpopRefreshFiguresForbidden: "The rollout figures are not shown: the server does not let this admin view them.",
  dpopRefreshFiguresFailed: "The rollout figures could not be loaded ({reason}). Reload the page to try again.",
  dpopRefreshFiguresInvalid:
    "The rollout figures could not be read: the server's answer is not what this console expects.",
  dpopRefreshOn: "On",
  dpopRefreshOff: "Off",
};
