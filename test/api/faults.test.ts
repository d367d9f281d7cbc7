import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { jwtVerify, createRemoteJWKSet } from 'jose';
import { ConfigError, DEMO_CLIENT_SECRET, FAULT_PRESETS, presetFaults, launchEhr, launchStandalone, refreshToken, type Sandbox } from '../../src/index.js';
import { fhirGet, listeningSandbox } from './helpers.js';

describe('simulated EHR faults', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await listeningSandbox();
  });
  afterEach(() => sb.faults.clear());
  after(() => sb.close());

  const headless = (options: Parameters<typeof launchEhr>[1] = {}) => launchEhr(sb, { patient: 'pat-1', ...options });

  for (const error of ['access_denied', 'invalid_scope', 'server_error', 'temporarily_unavailable'] as const) {
    it(`authorize ${error}: the app's redirect_uri gets the error with its state, and no code`, async () => {
      sb.faults.inject({ at: 'authorize', error, times: 1 });
      const result = await launchStandalone(sb, { state: 'my-state' });
      assert.equal(result.error, error);
      assert.equal(result.state, 'my-state');
      assert.equal(result.code, undefined);
      assert.deepEqual(result.prompts, [], 'before any page');
      assert.equal((await launchStandalone(sb, { patient: 'pat-1' })).error, undefined, 'times: 1 is spent');
    });
  }

  it('authorize error also replaces the code of a headless EHR launch, which is then unusable', async () => {
    sb.faults.inject({ at: 'authorize', error: 'access_denied' });
    const result = await headless();
    assert.equal(result.error, 'access_denied');
  });

  it('authorize state missing or wrong changes only the state of the code redirect', async () => {
    sb.faults.inject({ at: 'authorize', state: 'missing', times: 1 });
    const missing = await headless({ state: 's1' });
    assert.ok(missing.code);
    assert.equal(missing.state, undefined);
    assert.equal(missing.url.searchParams.has('state'), false);
    sb.faults.inject({ at: 'authorize', state: 'wrong', times: 1 });
    const wrong = await launchStandalone(sb, { state: 's2', patient: 'pat-1' });
    assert.ok(wrong.code);
    assert.notEqual(wrong.state, 's2');
  });

  it('token invalid_grant and invalid_client are OAuth JSON errors with the right status', async () => {
    sb.faults.inject({ at: 'token', error: 'invalid_grant', times: 1 });
    const grant = await headless();
    assert.equal(grant.token?.status, 400);
    assert.equal(grant.token?.body.error, 'invalid_grant');
    sb.faults.inject({ at: 'token', error: 'invalid_client', times: 1 });
    const client = await headless({ clientId: 'demo-confidential-app', clientSecret: DEMO_CLIENT_SECRET });
    assert.equal(client.token?.status, 401);
    assert.equal(client.token?.body.error, 'invalid_client');
  });

  for (const status of [500, 503] as const) {
    it(`token ${status}`, async () => {
      sb.faults.inject({ at: 'token', status });
      const result = await headless();
      assert.equal(result.token?.status, status);
      assert.equal(result.token?.body.error, status === 500 ? 'server_error' : 'temporarily_unavailable');
    });
  }

  it('a token response without patient', async () => {
    sb.faults.inject({ at: 'token', omit: ['patient'] });
    const result = await headless();
    assert.equal(result.token?.status, 200);
    assert.equal(result.tokens?.patient, undefined);
    assert.ok(result.tokens?.access_token);
  });

  it('an id_token signed with a key that is not in the JWKS', async () => {
    const jwks = createRemoteJWKSet(new URL(`${sb.url}/.well-known/jwks.json`));
    const good = await headless();
    await jwtVerify(good.tokens!.id_token!, jwks);
    sb.faults.inject({ at: 'token', idToken: 'unknown-key' });
    const bad = await headless();
    await assert.rejects(jwtVerify(bad.tokens!.id_token!, jwks), /no applicable key|JWKSNoMatchingKey/i);
  });

  it('the JWKS unavailable', async () => {
    sb.faults.inject({ at: 'jwks', status: 503 });
    const res = await fetch(`${sb.url}/.well-known/jwks.json`);
    assert.equal(res.status, 503);
    assert.ok(res.headers.get('retry-after'));
  });

  it('FHIR 401 invalid_token expires the token early, for good; refresh gets a new one', async () => {
    const { tokens } = await headless({ scope: 'launch patient/*.rs offline_access' });
    sb.faults.inject({ at: 'fhir', status: 401, times: 1 });
    const first = await fhirGet(sb, 'Patient/pat-1', tokens!.access_token);
    assert.equal(first.status, 401);
    assert.match(first.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    assert.equal((await fhirGet(sb, 'Patient/pat-1', tokens!.access_token)).status, 401, 'still expired');
    const refreshed = await refreshToken(sb, { refreshToken: tokens!.refresh_token! });
    assert.equal((await fhirGet(sb, 'Patient/pat-1', refreshed.body.access_token)).status, 200);
  });

  for (const status of [403, 404, 410, 429, 500, 503] as const) {
    it(`FHIR ${status} as an OperationOutcome`, async () => {
      const { tokens } = await headless();
      sb.faults.inject({ at: 'fhir', status, retryAfter: 7, times: 1 });
      const res = await fhirGet(sb, 'Patient/pat-1', tokens!.access_token);
      assert.equal(res.status, status);
      assert.equal(res.body.resourceType, 'OperationOutcome');
      if (status === 429 || status === 503) assert.equal(res.headers.get('retry-after'), '7');
      assert.equal((await fhirGet(sb, 'Patient/pat-1', tokens!.access_token)).status, 200);
    });
  }

  it('latency delays the step and is reported as a fault event', async () => {
    const seen: string[] = [];
    const stop = sb.events.on('fault', (e) => seen.push(`${e.step}:${e.effect}`));
    sb.faults.inject({ at: 'token', latency: 50, times: 1 });
    const result = await headless();
    stop();
    assert.equal(result.token?.status, 200);
    assert.deepEqual(seen, ['token:latency 50 ms']);
  });

  it('per client (registration) and per launch: others are untouched', async () => {
    sb.clients.register({ clientId: 'flaky-app', type: 'public', redirectUris: ['http://localhost/callback'], faults: [{ at: 'token', status: 503 }] });
    assert.equal((await headless({ clientId: 'flaky-app' })).token?.status, 503);
    assert.equal((await headless()).token?.status, 200);
    const faulty = await launchEhr(sb, { patient: 'pat-1', faults: [{ at: 'fhir', status: 404 }] });
    const healthy = await headless();
    assert.equal((await fhirGet(sb, 'Patient/pat-1', faulty.tokens!.access_token)).status, 404);
    assert.equal((await fhirGet(sb, 'Patient/pat-1', healthy.tokens!.access_token)).status, 200);
    sb.clients.remove('flaky-app');
  });

  it('a malformed fault is a ConfigError; every preset is accepted', () => {
    assert.throws(() => sb.faults.inject({ at: 'nowhere' } as never), ConfigError);
    assert.throws(() => sb.faults.inject({ at: 'token' }), ConfigError);
    for (const preset of FAULT_PRESETS) sb.faults.inject(preset.fault).remove();
    assert.deepEqual(sb.faults.list(), []);
    assert.deepEqual(presetFaults(['fhir-404', 'no-such-preset']), [{ at: 'fhir', status: 404 }]);
  });
});
