/**
 * openid-client 6 against a test sandbox: discovery from the SMART well-known URL, and a
 * whole authorization (URL, pages filled by the form contract, callback, code exchange) with
 * PKCE, state and nonce checked by the library.
 */
import * as oidc from 'openid-client';
import { TestBrowser } from './browser.js';
import { completeInteraction, REDIRECT_URI, type LaunchChoices } from './flows.js';
import type { TestSandbox } from './sandbox.js';

export function discoverSmart(t: TestSandbox, clientId: string, auth: oidc.ClientAuth = oidc.None(), metadata?: Partial<oidc.ClientMetadata>): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(`${t.fhirBase}/.well-known/smart-configuration`), clientId, metadata, auth, { execute: [oidc.allowInsecureRequests] });
}

/** Authorization URL → pages → callback → tokens. */
export async function authorizeWithOpenid(
  t: TestSandbox,
  config: oidc.Configuration,
  scope: string,
  choices: LaunchChoices,
  extra: Record<string, string> = {},
  browser: TestBrowser = new TestBrowser(t.url),
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    aud: t.fhirBase,
    ...extra,
  });
  const first = await browser.go(url.href);
  const callback = new URL(first.leftTo ?? (await completeInteraction(browser, first, choices, [])));
  return oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: scope.includes('openid') });
}
