// The SMART App Launch steps of a public client, in the browser, with nothing but fetch and
// WebCrypto. Each function names the section of SMART App Launch 2.2 (app-launch.html) it
// implements: https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html

/** This app's client id: registered with the sandbox as a public client (no secret). */
export const CLIENT_ID = 'demo-app';

/** Where the authorization server sends the browser back: this very page. */
export const REDIRECT_URI = new URL('./', location.href).href;

/**
 * Step 3, "Retrieve .well-known/smart-configuration" (#step-3-discovery): the FHIR server tells the app where its
 * authorization and token endpoints are. Nothing else about the server is assumed.
 */
export async function discover(iss) {
  const res = await fetch(`${iss.replace(/\/$/, '')}/.well-known/smart-configuration`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`discovery failed: ${res.status}`);
  return res.json();
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * PKCE (RFC 7636 §4.1-4.2), required by SMART 2.x for every app: a random verifier kept
 * by the app, and its SHA-256 hash, the challenge, sent with the authorize request.
 */
export async function pkcePair() {
  if (!crypto.subtle) throw new Error('WebCrypto is unavailable: open the app on http://localhost (or https) so the browser treats it as a secure context');
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge };
}

/**
 * Step 4, "Obtain authorization code" (#step-4-authorization-code): send the browser to the authorize endpoint with the scopes
 * wanted, `aud` (the FHIR base), a fresh `state` and the PKCE challenge. For an EHR launch
 * the `launch` value from the EHR goes along. What the app must remember until it comes
 * back (state, verifier, endpoints) stays in this tab's sessionStorage.
 */
export async function authorize({ iss, launch, scope }) {
  const config = await discover(iss);
  const { verifier, challenge } = await pkcePair();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(`smart:${state}`, JSON.stringify({ iss, verifier, scope, config }));
  const url = new URL(config.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    aud: iss,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(launch ? { launch } : {}),
  }).toString();
  location.assign(url.href);
}

async function tokenRequest(endpoint, fields) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.error}: ${body.error_description ?? 'token request refused'}`);
  return body;
}

/**
 * Back from the authorize endpoint: check `state` (it must be the one this tab sent), then
 * Step 5, "Obtain access token" (#step-5-access-token): exchange the code and the PKCE verifier at the token endpoint. A
 * public client authenticates with nothing but its client_id.
 */
export async function completeAuthorization(params) {
  const state = params.get('state');
  const saved = state && sessionStorage.getItem(`smart:${state}`);
  if (!saved) throw new Error('unknown state: this answer is not for a request this tab made');
  sessionStorage.removeItem(`smart:${state}`);
  const { iss, verifier, scope, config } = JSON.parse(saved);
  if (params.get('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') ?? 'the authorization was refused'}`);
  const tokens = await tokenRequest(config.token_endpoint, {
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: verifier,
  });
  return { iss, requested: scope.split(' '), config, tokens };
}

/** Step 7, "Refresh access token" (#step-7-refresh): a new access token from the refresh token, no user involved. */
export async function refresh(session) {
  const tokens = await tokenRequest(session.config.token_endpoint, {
    grant_type: 'refresh_token',
    refresh_token: session.tokens.refresh_token,
    client_id: CLIENT_ID,
  });
  return { ...session, tokens: { ...session.tokens, ...tokens } };
}

/** Token revocation (RFC 7009 §2.1): the app gives its tokens back when the user signs out. */
export async function revoke(session) {
  const endpoint = session.config.revocation_endpoint;
  if (!endpoint) return;
  for (const token of [session.tokens.refresh_token, session.tokens.access_token].filter(Boolean)) {
    await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: CLIENT_ID }),
    });
  }
}

/**
 * The claims of a JWT, unverified: enough to show who signed in. An app that relies on
 * the id_token must verify its signature against the server's JWKS; the flow inspector
 * shows that check.
 */
export function jwtClaims(jwt) {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
}
