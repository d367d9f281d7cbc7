import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, exchangeCode, launchEhr, launchStandalone, refreshToken, type Sandbox, type SandboxEvent } from '../../src/index.js';
import { FIXTURES, TEST_KEY_FILE } from '../helpers/fixtures.js';
import { fhirGet, listeningSandbox } from './helpers.js';

const claims = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('headless launches, token minting and the clock', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await listeningSandbox();
  });
  after(() => sb.close());

  it('an EHR launch with skips gets its code from the authorize request without any page', async () => {
    const launch = sb.createLaunch({ user: 'Practitioner/prac-1', patient: 'pat-1', encounter: 'enc-1', skip: { login: true, patientPicker: true, consent: true } });
    const app = new URL(launch.url('http://localhost/launch'));
    assert.equal(app.searchParams.get('iss'), sb.fhirBaseUrl);
    assert.equal(app.searchParams.get('launch'), launch.launchId);
    const result = await launchEhr(sb, { patient: 'pat-1', encounter: 'enc-1', scope: 'launch openid fhirUser patient/*.rs' });
    assert.deepEqual(result.prompts, []);
    assert.equal(result.token?.status, 200, JSON.stringify(result.token?.body));
    assert.equal(result.tokens?.patient, 'pat-1');
    assert.equal(result.tokens?.encounter, 'enc-1');
    assert.equal(claims(result.tokens!.id_token!).fhirUser, `${sb.fhirBaseUrl}/Practitioner/prac-1`);
    const read = await fhirGet(sb, 'Patient/pat-1', result.tokens!.access_token);
    assert.equal(read.status, 200);
  });

  it('an EHR launch without the consent skip shows the consent page, which sb.authorize fills in', async () => {
    const result = await launchEhr(sb, { patient: 'pat-1', skip: { consent: false }, approve: ['launch', 'patient/Patient.rs'] , scope: 'launch patient/Patient.rs patient/Observation.rs' });
    assert.deepEqual(result.prompts, ['consent']);
    assert.equal(result.tokens?.scope, 'launch patient/Patient.rs');
  });

  it('a standalone launch goes through login, patient picker and consent over HTTP', async () => {
    const result = await launchStandalone(sb, { user: 'Practitioner/prac-2', patient: 'pat-2' });
    assert.deepEqual(result.prompts, ['login', 'patient', 'consent']);
    assert.equal(result.tokens?.patient, 'pat-2');
    assert.ok(result.tokens?.refresh_token);
    const denied = await launchStandalone(sb, { user: 'Practitioner/prac-2', patient: 'pat-2', deny: true });
    assert.equal(denied.error, 'access_denied');
    assert.equal(denied.tokens, undefined);
  });

  it('exchangeCode refuses a code used twice', async () => {
    const result = await launchStandalone(sb, { user: 'Practitioner/prac-1', patient: 'pat-1' });
    const again = await exchangeCode(sb, { code: result.code!, codeVerifier: result.pkce.verifier });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  it('issueToken answers like the token endpoint and expires on the sandbox clock; refresh works', async () => {
    const tokens = await sb.issueToken({ scope: 'launch/patient patient/*.rs openid fhirUser offline_access', user: 'Practitioner/prac-1', patient: 'pat-1', expiresIn: 60 });
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 60);
    assert.equal(tokens.patient, 'pat-1');
    assert.equal(tokens.need_patient_banner, true);
    assert.ok(tokens.id_token && tokens.refresh_token && tokens.smart_style_url);
    assert.equal((await fhirGet(sb, 'Patient/pat-1', tokens.access_token)).status, 200);
    sb.clock.advance(61_000);
    const expired = await fhirGet(sb, 'Patient/pat-1', tokens.access_token);
    assert.equal(expired.status, 401);
    assert.match(expired.headers.get('www-authenticate') ?? '', /invalid_token/);
    const refreshed = await refreshToken(sb, { refreshToken: tokens.refresh_token! });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal((await fhirGet(sb, 'Patient/pat-1', refreshed.body.access_token)).status, 200);
  });

  it('issueToken refuses what does not exist, naming it', async () => {
    await assert.rejects(sb.issueToken({ patient: 'nobody', user: 'Practitioner/ghost' }), /Patient\/nobody[\s\S]*Practitioner\/ghost|Practitioner\/ghost[\s\S]*Patient\/nobody/);
  });

  it('events of one launch carry its client, launch id, interaction id and token jti, through to the FHIR call', async () => {
    const events: SandboxEvent[] = [];
    const stop = sb.events.on('*', (e) => events.push(e));
    const result = await launchEhr(sb, { patient: 'pat-1', skip: { consent: false } });
    await fhirGet(sb, 'Patient/pat-1', result.tokens!.access_token);
    stop();
    const jti = claims(result.tokens!.access_token).jti;
    const of = (type: string) => events.find((e) => e.type === type)!;
    for (const type of ['auth.launch', 'auth.authorize', 'auth.consent', 'auth.code', 'auth.token', 'fhir.request']) {
      assert.equal(of(type).launchId, result.launchId, `${type} carries the launch id`);
      assert.equal(of(type).clientId, 'demo-public-app');
    }
    assert.ok(of('auth.consent').interactionId);
    assert.equal(of('auth.token').interactionId, of('auth.consent').interactionId);
    assert.equal(of('auth.token').jti, jti);
    assert.equal(of('fhir.request').jti, jti);
  });

  it("a FHIR write's store.change carries the client and jti of the token that made it", async () => {
    const tokens = await sb.issueToken({ clientId: 'writer-app', patient: 'pat-1', scope: 'launch/patient patient/Observation.cruds' });
    const changed = sb.events.once('store.change');
    const res = await fetch(`${sb.fhirBaseUrl}/Observation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'weight' }, subject: { reference: 'Patient/pat-1' } }),
    });
    assert.equal(res.status, 201);
    const event = await changed;
    assert.equal(event.clientId, 'writer-app');
    assert.equal(event.jti, claims(tokens.access_token).jti);
  });
});

describe('tokens before listen() and under a sub-path', () => {
  it('a token minted before listen() is honoured by the app mounted under a sub-path', async () => {
    const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE });
    sb.store.clear();
    sb.store.load(FIXTURES);
    const tokens = await sb.issueToken({ scope: 'patient/*.rs', patient: 'pat-1' });
    const parent = express();
    parent.use('/ehr', sb.app);
    const server = createServer(parent);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ehr/fhir`;
      const res = await fetch(`${base}/Patient/pat-1`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(res.status, 200);
      const other = await fetch(`${base}/Patient/pat-2`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal(other.status, 403, 'the scopes still hold');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('launches work for a sandbox mounted under a sub-path, with the app on the same origin', async () => {
    const parent = express();
    const server = createServer(parent);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE, baseUrl: `${origin}/ehr` });
    sb.store.clear();
    sb.store.load(FIXTURES);
    parent.use('/ehr', sb.app);
    try {
      const standalone = await launchStandalone(sb, { redirectUri: `${origin}/callback`, user: 'Practitioner/prac-1', patient: 'pat-1' });
      assert.equal(standalone.url.pathname, '/callback');
      assert.equal(standalone.tokens?.patient, 'pat-1');
      const ehr = await launchEhr(sb, { redirectUri: `${origin}/callback`, patient: 'pat-2' });
      assert.equal(ehr.tokens?.patient, 'pat-2');
      const read = await fetch(`${sb.fhirBaseUrl}/Patient/pat-2`, { headers: { authorization: `Bearer ${ehr.tokens!.access_token}` } });
      assert.equal(read.status, 200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
