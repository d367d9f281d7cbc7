/**
 * The example app's own test suite, with mock-ehr as the EHR: both launch modes, token
 * expiry on the sandbox clock and refresh, and every simulated EHR fault, all headless.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createSandbox, type Fault, type Sandbox } from 'mock-ehr';
import { startApp, type RunningApp, type Summary } from './app.js';

interface Visit {
  status: number;
  location?: string;
  body: Record<string, unknown>;
}

describe('the example SMART app against mock-ehr', () => {
  let sb: Sandbox;
  let app: RunningApp;
  let patientId: string;

  before(async () => {
    sb = await createSandbox({ patients: 3, seed: 42 });
    await sb.listen(0, '127.0.0.1');
    app = await startApp({ clientId: 'demo-public-app' });
    patientId = sb.store.search('Patient')[0]!.id;
  });
  afterEach(() => sb.faults.clear());
  after(async () => {
    await app.close();
    await sb.close();
  });

  /** One browser: the app's session cookie, kept between visits. */
  function browser() {
    let cookie = '';
    return async (url: string): Promise<Visit> => {
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      cookie = res.headers.getSetCookie()[0]?.split(';')[0] ?? cookie;
      const text = await res.text();
      return { status: res.status, location: res.headers.get('location') ?? undefined, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };
  }

  /** Opens `start` in the app, goes through the EHR with sb.authorize, and back to the app's summary. */
  async function run(start: string, choices: Parameters<Sandbox['authorize']>[1] = {}) {
    const visit = browser();
    const launched = await visit(start);
    assert.equal(launched.status, 302, JSON.stringify(launched.body));
    const ehr = await sb.authorize(launched.location!, choices);
    const callback = await visit(ehr.url.href);
    if (callback.status !== 302) return { visit, page: callback };
    return { visit, page: await visit(`${app.url}/`) };
  }

  const ehrLaunch = (faults: Fault[] = []) => {
    const launch = sb.createLaunch({ patient: patientId, skip: { consent: true }, faults });
    return run(launch.url(`${app.url}/launch`));
  };
  const standalone = (choices: Parameters<Sandbox['authorize']>[1] = {}) => run(`${app.url}/standalone?iss=${encodeURIComponent(sb.fhirBaseUrl)}`, { patient: patientId, ...choices });

  it('EHR launch: the summary of the patient in context', async () => {
    const { page } = await ehrLaunch();
    assert.equal(page.status, 200, JSON.stringify(page.body));
    const summary = page.body as unknown as Summary;
    assert.equal(summary.patient.id, patientId);
    assert.match(summary.user ?? '', /Practitioner\//);
  });

  it('standalone launch: login, patient picker and consent, then the summary', async () => {
    const { page } = await standalone();
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal((page.body as unknown as Summary).patient.id, patientId);
  });

  it('an expired access token (sandbox clock) is refreshed once and the app keeps working', async () => {
    const { visit } = await ehrLaunch();
    const refreshed = sb.events.once('auth.refresh');
    sb.clock.advance(2 * 60 * 60 * 1000);
    const page = await visit(`${app.url}/`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal((await refreshed).clientId, 'demo-public-app');
  });

  for (const error of ['access_denied', 'invalid_scope', 'server_error', 'temporarily_unavailable'] as const) {
    it(`authorize ${error}: the app says the EHR refused`, async () => {
      const { page } = await ehrLaunch([{ at: 'authorize', error }]);
      assert.equal(page.status, 403);
      assert.match(String(page.body.error), new RegExp(error));
    });
  }

  for (const state of ['missing', 'wrong'] as const) {
    it(`authorize with a ${state} state: the app refuses the code`, async () => {
      const { page } = await ehrLaunch([{ at: 'authorize', state }]);
      assert.notEqual(page.status, 200);
      assert.equal(page.status, 502);
    });
  }

  const tokenFaults: [string, Fault][] = [
    ['invalid_grant', { at: 'token', error: 'invalid_grant' }],
    ['invalid_client', { at: 'token', error: 'invalid_client' }],
    ['a 500', { at: 'token', status: 500 }],
    ['a 503', { at: 'token', status: 503 }],
    ['a response without patient', { at: 'token', omit: ['patient'] }],
    ['an id_token signed with an unknown key', { at: 'token', idToken: 'unknown-key' }],
    ['the JWKS unavailable', { at: 'jwks', status: 503 }],
  ];
  for (const [name, fault] of tokenFaults) {
    it(`token step, ${name}: the launch fails with a message, never a session`, async () => {
      const { page, visit } = fault.at === 'jwks' ? await (async () => (sb.faults.inject(fault), ehrLaunch()))() : await ehrLaunch([fault]);
      assert.equal(page.status, 502, JSON.stringify(page.body));
      assert.equal((await visit(`${app.url}/`)).status, 401, 'no session was made');
    });
  }

  it('FHIR 401 invalid_token: the app refreshes and retries', async () => {
    const { visit } = await ehrLaunch();
    sb.faults.inject({ at: 'fhir', status: 401, times: 1 });
    const page = await visit(`${app.url}/`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
  });

  for (const status of [403, 404, 410, 429, 500, 503] as const) {
    it(`FHIR ${status}: the app reports the upstream status`, async () => {
      const { visit } = await ehrLaunch();
      sb.faults.inject({ at: 'fhir', status, times: 1 });
      const page = await visit(`${app.url}/`);
      assert.equal(page.status, 502);
      assert.equal(page.body.upstreamStatus, status);
      assert.equal((await visit(`${app.url}/`)).status, 200, 'the next visit works again');
    });
  }

  it('added latency slows the token step but the launch completes', async () => {
    const { page } = await ehrLaunch([{ at: 'token', latency: 100 }]);
    assert.equal(page.status, 200);
  });
});
