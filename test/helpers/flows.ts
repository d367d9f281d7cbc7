/**
 * Whole launches over plain HTTP, filling the pages by the form contract (README.md):
 * login `user`, picker `patient`, encounter `encounter`, consent `scope` + `decision`.
 * Tests and later issues reuse these to get codes and tokens without a browser.
 */
import assert from 'node:assert/strict';
import { inputValues, promptOf, submit, TestBrowser, type Page, type Step } from './browser.js';
import { pkcePair, type Pkce } from './pkce.js';
import type { TestSandbox } from './sandbox.js';

export const REDIRECT_URI = 'http://localhost:5173/callback';
export const LAUNCH_URL = 'http://localhost:5173/launch';

export interface AuthorizeRequest {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  aud?: string;
  launch?: string;
  nonce?: string;
  pkce?: Pkce;
  /** Extra or overriding parameters (undefined removes one). */
  extra?: Record<string, string | undefined>;
}

export interface LaunchChoices {
  /** Login value, e.g. `Practitioner/prac-1`. */
  user?: string;
  patient?: string;
  encounter?: string;
  /** Consent: the scopes to keep ticked (default: the page's defaults). */
  scopes?: string[];
  decision?: 'allow' | 'deny';
}

export interface FlowResult {
  /** Where the sandbox finally sent the browser (the app's redirect_uri with code or error). */
  location: URL;
  code?: string;
  state?: string;
  error?: string;
  pkce: Pkce;
  redirectUri: string;
  clientId: string;
  /** The prompts shown, in order (login, patient, encounter, consent). */
  prompts: string[];
  browser: TestBrowser;
}

export function authorizeParams(t: TestSandbox, req: AuthorizeRequest = {}, pkce = req.pkce ?? pkcePair()): URLSearchParams {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: req.clientId ?? 'demo-public-app',
    redirect_uri: req.redirectUri ?? REDIRECT_URI,
    scope: req.scope ?? 'launch/patient openid fhirUser offline_access patient/*.rs',
    state: req.state ?? 'state-123',
    aud: req.aud ?? t.fhirBase,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    launch: req.launch,
    nonce: req.nonce,
    ...req.extra,
  };
  return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}

export function authorizeUrl(t: TestSandbox, req: AuthorizeRequest = {}, pkce?: Pkce): string {
  return `${t.url}/auth/authorize?${authorizeParams(t, req, pkce)}`;
}

/** Fills whatever page comes next until the sandbox redirects away. */
export async function completeInteraction(browser: TestBrowser, first: Step, choices: LaunchChoices, prompts: string[]): Promise<string> {
  let step = first;
  while (step.page) {
    const page: Page = step.page;
    const prompt = promptOf(page.html);
    assert.ok(prompt, `expected an interaction page, got ${page.status}: ${page.html.slice(0, 500)}`);
    prompts.push(prompt);
    const fields: [string, string][] = [];
    if (choices.decision === 'deny' && prompt === 'consent') fields.push(['decision', 'deny']);
    else if (prompt === 'login') fields.push(['user', choices.user ?? 'Practitioner/prac-1']);
    else if (prompt === 'patient') fields.push(['patient', choices.patient ?? inputValues(page.html, 'patient')[0]!]);
    else if (prompt === 'encounter') fields.push(['encounter', choices.encounter ?? inputValues(page.html, 'encounter')[0]!]);
    else if (prompt === 'consent') {
      const scopes = choices.scopes ?? inputValues(page.html, 'scope').filter((s) => !s.includes('?'));
      for (const s of scopes) fields.push(['scope', s]);
      fields.push(['decision', 'allow']);
    }
    step = await submit(browser, page, fields);
    if (step.page && promptOf(step.page.html) === prompt) throw new Error(`the ${prompt} page refused the input: ${step.page.html.match(/role="alert">([^<]*)/)?.[1]}`);
  }
  return step.leftTo;
}

function result(location: string, pkce: Pkce, redirectUri: string, clientId: string, prompts: string[], browser: TestBrowser): FlowResult {
  const url = new URL(location);
  const q = url.searchParams;
  return {
    location: url,
    ...(q.get('code') ? { code: q.get('code')! } : {}),
    ...(q.get('state') !== null ? { state: q.get('state')! } : {}),
    ...(q.get('error') ? { error: q.get('error')! } : {}),
    pkce,
    redirectUri,
    clientId,
    prompts,
    browser,
  };
}

/** A standalone launch from the authorize request to the redirect back to the app. */
export async function standaloneLaunch(t: TestSandbox, req: AuthorizeRequest = {}, choices: LaunchChoices = {}): Promise<FlowResult> {
  const pkce = req.pkce ?? pkcePair();
  const browser = new TestBrowser(t.url);
  const prompts: string[] = [];
  const first = await browser.go(authorizeUrl(t, req, pkce));
  const location = first.leftTo ?? (await completeInteraction(browser, first, choices, prompts));
  return result(location, pkce, req.redirectUri ?? REDIRECT_URI, req.clientId ?? 'demo-public-app', prompts, browser);
}

export interface EhrLaunchForm {
  user?: string;
  patient?: string;
  encounter?: string;
  clientId?: string;
  launchUrl?: string;
  app?: string;
  intent?: string;
  fhirContext?: string;
  needPatientBanner?: boolean;
  /** Ids of the simulated faults ticked for this launch (`FAULT_PRESETS`). */
  faults?: string[];
}

/** Presses Launch on the EHR launcher; returns the app URL it opens (with `iss` and `launch`). */
export async function launchFromEhr(t: TestSandbox, form: EhrLaunchForm = {}, browser = new TestBrowser(t.url)): Promise<URL> {
  const home = await browser.go(`${t.url}/`);
  assert.ok(home.page, 'the launcher page');
  const fields: [string, string][] = [
    ['user', form.user ?? 'Practitioner/prac-1'],
    ['patient', form.patient ?? 'pat-1'],
    ['encounter', form.encounter ?? ''],
    ['app', form.app ?? ''],
    ['client_id', form.clientId ?? 'demo-public-app'],
    ['launch_url', form.launchUrl ?? LAUNCH_URL],
    ['intent', form.intent ?? ''],
    ['fhir_context', form.fhirContext ?? ''],
  ];
  if (form.needPatientBanner !== false) fields.push(['need_patient_banner', 'true']);
  for (const fault of form.faults ?? []) fields.push(['fault', fault]);
  const step = await submit(browser, home.page, fields);
  assert.ok(step.leftTo, `the launcher should open the app, got: ${step.page?.html.match(/<ul>(.*?)<\/ul>/s)?.[1]}`);
  return new URL(step.leftTo);
}

/** An EHR launch: the launcher, then the app's authorize request with `launch`, then consent. */
export async function ehrLaunch(t: TestSandbox, form: EhrLaunchForm = {}, req: AuthorizeRequest = {}, choices: LaunchChoices = {}): Promise<FlowResult & { iss: string; launch: string }> {
  const browser = new TestBrowser(t.url);
  const app = await launchFromEhr(t, form, browser);
  const iss = app.searchParams.get('iss')!;
  const launch = app.searchParams.get('launch')!;
  const pkce = req.pkce ?? pkcePair();
  const clientId = req.clientId ?? form.clientId ?? 'demo-public-app';
  const prompts: string[] = [];
  const first = await browser.go(authorizeUrl(t, { scope: 'launch openid fhirUser patient/*.rs', ...req, clientId, aud: req.aud ?? iss, launch }, pkce));
  const location = first.leftTo ?? (await completeInteraction(browser, first, choices, prompts));
  return { ...result(location, pkce, req.redirectUri ?? REDIRECT_URI, clientId, prompts, browser), iss, launch };
}

export interface TokenRequest {
  code: string;
  verifier?: string;
  clientId?: string;
  redirectUri?: string;
  /** Extra form fields (client_secret, client_assertion, ...); undefined removes one. */
  extra?: Record<string, string | undefined>;
  headers?: Record<string, string>;
}

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function postForm(url: string, fields: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<TokenReply> {
  const form = new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/** The authorization_code exchange. */
export function exchangeCode(t: TestSandbox, flow: FlowResult, req: Partial<TokenRequest> = {}): Promise<TokenReply> {
  return postForm(
    `${t.url}/auth/token`,
    {
      grant_type: 'authorization_code',
      code: req.code ?? flow.code,
      redirect_uri: req.redirectUri ?? flow.redirectUri,
      code_verifier: req.verifier ?? flow.pkce.verifier,
      client_id: req.clientId ?? flow.clientId,
      ...req.extra,
    },
    req.headers,
  );
}

/** A standalone launch and its code exchange, asserting success: the quickest way to a token. */
export async function getTokens(t: TestSandbox, req: AuthorizeRequest = {}, choices: LaunchChoices = {}): Promise<Record<string, unknown> & { access_token: string }> {
  const flow = await standaloneLaunch(t, req, choices);
  assert.ok(flow.code, `expected a code, got ${flow.location.href}`);
  const reply = await exchangeCode(t, flow);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body as Record<string, unknown> & { access_token: string };
}
