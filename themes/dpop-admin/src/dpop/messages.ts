/**
 * English texts of the control. They are a fallback namespace of the
 * console's i18n instance (see i18n.ts): a realm's localization overrides or
 * an admin theme's messages_<locale>.properties with the same keys win.
 */
export const DPOP_NAMESPACE = "dpop-refresh";

export const messages = {
  dpopRefreshBinding: "DPoP-bound refresh tokens",
  dpopRefreshBindingHelp:
    "Binds this public client's refresh tokens to the key of its DPoP proof (RFC 9449), while access tokens stay Bearer tokens. Unlike 'Require DPoP bound tokens', it does not bind access tokens.",
  dpopRefreshBindingOff: "Off",
  dpopRefreshBindingOffHelp:
    "Refresh tokens are not bound to a key, whether or not the client sends a DPoP proof.",
  dpopRefreshBindingOptional: "Optional",
  dpopRefreshBindingOptionalHelp:
    "A token request with a valid DPoP proof gets a refresh token bound to the proof's key; a request without a proof works as before.",
  dpopRefreshBindingRequired: "Required",
  dpopRefreshBindingRequiredHelp:
    "As Optional, but a token request without a valid DPoP proof is refused, so every refresh token of this client is bound.",
  dpopRefreshBindingUnknown:
    "The stored value '{{value}}' is not off, optional or required: the server treats it as Required, and does not save the client with it. Choose a mode to replace it.",
  dpopRefreshCoreDpop:
    "Require DPoP bound tokens is on: while Keycloak's dpop feature is on, Keycloak itself binds the access token and the refresh token of this client to the DPoP key and checks them, so these settings have no effect; with the feature off, Keycloak's switch does nothing and these settings apply.",
  dpopRefreshConfidential:
    "This client has DPoP refresh-token settings stored ({{settings}}). They have no effect: the refresh tokens of a client with Client authentication on are never bound.",
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
    "The stored value '{{value}}' is not reject or revoke-session: the server treats it as Reject, and does not save the client with it. Choose a response to replace it.",
  dpopRefreshRequireNonce: "Require server nonce",
  dpopRefreshRequireNonceHelp:
    "DPoP proofs must carry a nonce from the server's DPoP-Nonce header (RFC 9449 §8); without one the client gets use_dpop_nonce and retries.",
  dpopRefreshRequireNonceUnknown:
    "The stored value '{{value}}' is not true or false: the server treats it as on, and does not save the client with it. Switch it off and on again to keep it on.",
} as const;
