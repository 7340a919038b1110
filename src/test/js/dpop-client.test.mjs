// An app (OAuth public client) with a DPoP key, written with openid-client, against a real Keycloak with
// keycloak-dpop-refresh: the tested reference of docs/app-developers.md. Run by JsClientIT (one run per Keycloak
// configuration, dpop feature on and off), and against the demo (./run-keycloak.sh):
//
//   npm ci && KEYCLOAK_URL=http://127.0.0.1:8080 npm test
//
// KEYCLOAK_URL  the server; REALM (dpop-demo), CLIENT (native-app: dpop.refresh.binding=optional), NONCE_CLIENT
// (nonce-app: also dpop.refresh.require-nonce=true), USERNAME / PASSWORD (demo / demo): the demo realm's
// (realm-export/dpop-demo-realm.json).
// The login goes through Keycloak's real login form (fetch with a cookie jar); every token request and its proof is
// openid-client's. Tokens and proofs are never printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { SignJWT, exportJWK } from 'jose';

const env = (name, fallback) => process.env[name] ?? fallback ?? assert.fail(`environment variable ${name} is not set`);
const issuer = new URL(`${env('KEYCLOAK_URL')}/realms/${env('REALM', 'dpop-demo')}`);
const clientId = env('CLIENT', 'native-app');
const nonceClientId = env('NONCE_CLIENT', 'nonce-app');
const username = env('USERNAME', 'demo');
const password = env('PASSWORD', 'demo');
const redirectUri = 'http://127.0.0.1/callback';

// What the app sent and got, per HTTP request of openid-client (no tokens, no proofs).
const calls = [];
async function recordingFetch(url, init) {
  const call = { url: String(url), proof: new Headers(init?.headers).has('dpop') };
  calls.push(call);
  const response = await fetch(url, init);
  call.status = response.status;
  call.nonce = response.headers.has('dpop-nonce');
  if (!response.ok) {
    call.error = (await response.clone().json().catch(() => ({}))).error;
  }
  return response;
}

function discover(id) {
  // a public client (no client authentication); plain HTTP only because the test server runs on loopback
  return client.discovery(issuer, id, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: recordingFetch,
  });
}

// The device key: P-256, the private key not extractable (in an app: the Secure Enclave or the Android Keystore).
function deviceKey() {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

// Code + PKCE through Keycloak's login form, as the system browser of a native app would do it.
async function login(config) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  const callback = await signIn(authorizationUrl);
  return { callback, checks: { pkceCodeVerifier: codeVerifier, expectedState: state } };
}

async function signIn(authorizationUrl) {
  const cookies = new Map();
  async function browse(url, init = {}) {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, headers: { ...init.headers, cookie }, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0];
      cookies.set(pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  }
  const page = await browse(authorizationUrl);
  assert.equal(page.status, 200, 'the authorization endpoint shows the login page');
  const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(await page.text())?.[0];
  const action = form && /\baction="([^"]+)"/.exec(form)?.[1].replaceAll('&amp;', '&');
  assert.ok(action, 'the login page has the login form');
  const answer = await browse(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  assert.equal(answer.status, 302, 'the login form redirects to the app');
  const callback = new URL(answer.headers.get('location'));
  assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
  return callback;
}

// one app: its configuration, key, DPoP handle and tokens, shared by the tests below (they run in order)
const app = {};

test('code + PKCE through the login form: the refresh token is bound to the key, the access token stays Bearer', async () => {
  app.config = await discover(clientId);
  app.key = await deviceKey();
  app.dpop = client.getDPoPHandle(app.config, app.key);
  const { callback, checks } = await login(app.config);
  calls.length = 0;
  app.tokens = await client.authorizationCodeGrant(app.config, callback, checks, undefined, { DPoP: app.dpop });
  assert.equal(calls.length, 1, 'one token request');
  assert.ok(calls[0].proof, 'the token request carried a DPoP proof');
  assert.equal(app.tokens.token_type, 'bearer');
  assert.equal(claims(app.tokens.refresh_token).cnf?.jkt, await app.dpop.calculateThumbprint());
  assert.equal(claims(app.tokens.access_token).cnf, undefined, 'the access token is not bound');
});

test('refresh with a fresh proof of the same key: a new refresh token, still bound to the key', async () => {
  const previous = app.tokens.refresh_token;
  app.tokens = await client.refreshTokenGrant(app.config, previous, undefined, { DPoP: app.dpop });
  assert.ok(app.tokens.refresh_token !== previous, 'the refresh token was rotated'); // no token in a failure message
  assert.equal(app.tokens.token_type, 'bearer');
  assert.equal(claims(app.tokens.refresh_token).cnf?.jkt, await app.dpop.calculateThumbprint());
});

test('the refresh token with a proof of another key (a thief): invalid_grant', async () => {
  const thief = client.getDPoPHandle(app.config, await deviceKey());
  await assert.rejects(client.refreshTokenGrant(app.config, app.tokens.refresh_token, undefined, { DPoP: thief }),
    { name: 'ResponseBodyError', status: 400, error: 'invalid_grant' });
});

test('the refresh token without a proof (a thief without a key): invalid_dpop_proof', async () => {
  await assert.rejects(client.refreshTokenGrant(app.config, app.tokens.refresh_token),
    { name: 'ResponseBodyError', status: 400, error: 'invalid_dpop_proof' });
});

test('after the refused attempts the app still refreshes with its key', async () => {
  app.tokens = await client.refreshTokenGrant(app.config, app.tokens.refresh_token, undefined, { DPoP: app.dpop });
  assert.equal(claims(app.tokens.refresh_token).cnf?.jkt, await app.dpop.calculateThumbprint());
});

test('server nonce: openid-client retries use_dpop_nonce by itself, at the code exchange and at a refresh', async () => {
  const config = await discover(nonceClientId);
  const key = await deviceKey();
  const { callback, checks } = await login(config);
  calls.length = 0;
  const tokens = await client.authorizationCodeGrant(config, callback, checks, undefined,
    { DPoP: client.getDPoPHandle(config, key) });
  const challengedThenAccepted = [
    { status: 400, error: 'use_dpop_nonce', nonce: true },
    { status: 200, error: undefined, nonce: true },
  ];
  const seen = () => calls.map(({ status, error, nonce }) => ({ status, error, nonce }));
  assert.deepEqual(seen(), challengedThenAccepted, 'code exchange: challenged, then retried with the nonce');
  assert.equal(claims(tokens.refresh_token).cnf?.jkt, await client.getDPoPHandle(config, key).calculateThumbprint());

  // a new handle (as after an app restart) knows no nonce yet: challenged again; the refresh token is not consumed
  calls.length = 0;
  const next = await client.refreshTokenGrant(config, tokens.refresh_token, undefined,
    { DPoP: client.getDPoPHandle(config, key) });
  assert.deepEqual(seen(), challengedThenAccepted, 'refresh: challenged, then retried with the same refresh token');
  assert.ok(next.refresh_token !== tokens.refresh_token, 'the refresh token was rotated');
});

test('revocation of the bound refresh token needs a proof for the revocation endpoint', async () => {
  const revocationEndpoint = app.config.serverMetadata().revocation_endpoint;
  // openid-client's tokenRevocation sends no DPoP proof: refused, the token stays valid
  await assert.rejects(client.tokenRevocation(app.config, app.tokens.refresh_token, { token_type_hint: 'refresh_token' }),
    { name: 'ResponseBodyError', status: 400, error: 'invalid_dpop_proof' });

  // so the app signs that one proof itself (jose, the JWT library openid-client is built on): htm POST,
  // htu the revocation endpoint, a fresh jti and iat, the public key in the header
  const proof = await new SignJWT({ htm: 'POST', htu: revocationEndpoint, jti: crypto.randomUUID() })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(app.key.publicKey) })
    .setIssuedAt()
    .sign(app.key.privateKey);
  const response = await fetch(revocationEndpoint, {
    method: 'POST',
    headers: { dpop: proof },
    body: new URLSearchParams({ client_id: clientId, token: app.tokens.refresh_token, token_type_hint: 'refresh_token' }),
  });
  assert.equal(response.status, 200, 'revoked');
  await assert.rejects(client.refreshTokenGrant(app.config, app.tokens.refresh_token, undefined, { DPoP: app.dpop }),
    { name: 'ResponseBodyError', status: 400, error: 'invalid_grant' });
});
