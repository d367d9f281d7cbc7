/**
 * Whole launches for test suites, with no cookie jar of their own: a standalone launch
 * (SMART App Launch 2.2 "standalone launch"), an EHR launch ("EHR launch", headless with
 * `createLaunch` skips by default), each ending with the PKCE code exchange (RFC 7636).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TokenResponse } from '../auth/token/issue.js';
import type { Sandbox } from '../sandbox.js';
import type { AuthorizeChoices, AuthorizeResult } from './authorize.js';
import type { CreateLaunchOptions } from './create-launch.js';

export interface Pkce {
  verifier: string;
  /** BASE64URL(SHA256(verifier)) (RFC 7636 §4.2, S256). */
  challenge: string;
}

/** A fresh PKCE verifier and its S256 challenge (RFC 7636 §4.1-4.2). */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface ExchangeCodeOptions {
  code: string;
  codeVerifier?: string;
  /** Default `http://localhost/callback`, the helpers' default. */
  redirectUri?: string;
  /** Default `demo-public-app`. */
  clientId?: string;
  /** For a confidential client: sent with HTTP Basic (RFC 6749 §2.3.1). */
  clientSecret?: string;
}

/** The token endpoint's reply: `body` is the token response, or `{ error, error_description }`. */
export interface TokenReply {
  status: number;
  body: TokenResponse & { error?: string; error_description?: string };
}

export const DEFAULT_REDIRECT_URI = 'http://localhost/callback';

async function postToken(sb: Sandbox, fields: Record<string, string | undefined>, clientSecret?: string): Promise<TokenReply> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const form = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
  if (clientSecret !== undefined) {
    // RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding.
    const basic = `${encodeURIComponent(form.client_id ?? '')}:${encodeURIComponent(clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    delete form.client_id;
  }
  const res = await fetch(`${sb.url}/auth/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  const text = await res.text();
  let body: TokenReply['body'];
  try {
    body = JSON.parse(text) as TokenReply['body'];
  } catch {
    body = { error: 'invalid_response', error_description: text.slice(0, 200) } as TokenReply['body'];
  }
  return { status: res.status, body };
}

/** `grant_type=authorization_code` at the token endpoint (RFC 6749 §4.1.3), with the PKCE verifier. */
export function exchangeCode(sb: Sandbox, options: ExchangeCodeOptions): Promise<TokenReply> {
  return postToken(
    sb,
    {
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri ?? DEFAULT_REDIRECT_URI,
      code_verifier: options.codeVerifier,
      client_id: options.clientId ?? 'demo-public-app',
    },
    options.clientSecret,
  );
}

/** `grant_type=refresh_token` (RFC 6749 §6). */
export function refreshToken(sb: Sandbox, options: { refreshToken: string; clientId?: string; clientSecret?: string; scope?: string }): Promise<TokenReply> {
  return postToken(sb, { grant_type: 'refresh_token', refresh_token: options.refreshToken, client_id: options.clientId ?? 'demo-public-app', scope: options.scope }, options.clientSecret);
}

export interface AppOptions {
  /** Default `demo-public-app`. */
  clientId?: string;
  clientSecret?: string;
  /** Default `http://localhost/callback` (loopback redirects are allowed for the demo apps). */
  redirectUri?: string;
  scope?: string;
  /** Default a random value. */
  state?: string;
  nonce?: string;
}

export interface LaunchResult extends AuthorizeResult {
  pkce: Pkce;
  /** The token endpoint's reply, when a code came back. */
  token?: TokenReply;
  /** The token response, when the exchange succeeded. */
  tokens?: TokenResponse;
}

function authorizeUrl(sb: Sandbox, app: AppOptions, pkce: Pkce, defaults: { scope: string; aud: string; launch?: string }): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId ?? 'demo-public-app',
    redirect_uri: app.redirectUri ?? DEFAULT_REDIRECT_URI,
    scope: app.scope ?? defaults.scope,
    state: app.state ?? randomBytes(12).toString('base64url'),
    aud: defaults.aud,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  });
  if (defaults.launch) params.set('launch', defaults.launch);
  if (app.nonce) params.set('nonce', app.nonce);
  return `${sb.url}/auth/authorize?${params}`;
}

async function finish(sb: Sandbox, app: AppOptions, pkce: Pkce, result: AuthorizeResult): Promise<LaunchResult> {
  if (!result.code) return { ...result, pkce };
  const token = await exchangeCode(sb, { code: result.code, codeVerifier: pkce.verifier, redirectUri: app.redirectUri, clientId: app.clientId, clientSecret: app.clientSecret });
  return { ...result, pkce, token, ...(token.status === 200 ? { tokens: token.body } : {}) };
}

/** A standalone launch: the authorize request, the pages (as `choices` say), the code exchange. */
export async function launchStandalone(sb: Sandbox, options: AppOptions & AuthorizeChoices = {}): Promise<LaunchResult> {
  const pkce = createPkce();
  const url = authorizeUrl(sb, options, pkce, { scope: 'launch/patient openid fhirUser offline_access patient/*.rs', aud: sb.fhirBaseUrl });
  return finish(sb, options, pkce, await sb.authorize(url, options));
}

export interface EhrLaunchOptions extends AppOptions, AuthorizeChoices, Omit<CreateLaunchOptions, 'clientId'> {}

/**
 * An EHR launch: `createLaunch` (with every page skipped unless `skip` says otherwise), the
 * app's authorize request with `launch` and `aud` = `iss`, the pages if any, the code exchange.
 */
export async function launchEhr(sb: Sandbox, options: EhrLaunchOptions = {}): Promise<LaunchResult & { launchId: string }> {
  const launch = sb.createLaunch({ ...options, skip: options.skip ?? { login: true, patientPicker: options.patient !== undefined, consent: true } });
  const pkce = createPkce();
  const url = authorizeUrl(sb, options, pkce, { scope: 'launch openid fhirUser offline_access patient/*.rs', aud: launch.iss, launch: launch.launchId });
  return { ...(await finish(sb, options, pkce, await sb.authorize(url, options))), launchId: launch.launchId };
}
