/**
 * The flow inspector's model: events grouped into flows (an EHR launch with its discovery
 * and authorize request; a standalone launch; two clients side by side), each step with a
 * spec link and a plain sentence, and the live feed over server-sent events that never
 * carries a secret, a code or a token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEventBus, type FlowTags, type SandboxEventInput } from '../../src/events.js';
import { createFlowTracker } from '../../src/inspector/tracker.js';
import { createFlowKeyer } from '../../src/inspector/flow-key.js';
import { DEMO_CLIENT_SECRET } from '../../src/auth/clients/demo-clients.js';
import { exchangeCode, postForm, standaloneLaunch } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';
import request from 'supertest';
import { createSandbox } from '../../src/index.js';

const clock = { now: () => Date.parse('2026-01-01T00:00:00Z') };
const authorize = (clientId: string, launchType: 'ehr' | 'standalone', ids: FlowTags = {}): SandboxEventInput & FlowTags => ({
  type: 'auth.authorize',
  clientId,
  launchType,
  permissive: false,
  requested: ['launch'],
  offered: ['launch'],
  rejected: [],
  pkce: true,
  ...ids,
});

describe('flow grouping', () => {
  it('keeps an EHR launch, the discovery its app makes, and its authorize request in one flow', () => {
    const bus = createEventBus(clock);
    const flows = createFlowTracker(bus);
    bus.emit({ type: 'auth.launch', clientId: 'app-a', launchId: 'L1', launchUrl: 'http://localhost:1/launch' });
    bus.emit({ type: 'discovery', document: 'smart-configuration' });
    bus.emit(authorize('app-a', 'ehr', { launchId: 'L1', interactionId: 'I1' }));
    bus.emit({ type: 'auth.consent', clientId: 'app-a', launchId: 'L1', interactionId: 'I1', decision: 'allow', granted: ['launch'], declined: [] });
    assert.deepEqual(new Set(flows.recent().map((s) => s.flow)).size, 1);
  });

  it('starts a new flow at each standalone authorize request, with the discovery before it', () => {
    const bus = createEventBus(clock);
    const flows = createFlowTracker(bus);
    bus.emit({ type: 'discovery', document: 'smart-configuration' });
    bus.emit(authorize('app-a', 'standalone', { interactionId: 'I1' }));
    bus.emit({ type: 'discovery', document: 'smart-configuration' });
    bus.emit(authorize('app-a', 'standalone', { interactionId: 'I2' }));
    const ids = flows.recent().map((s) => s.flow);
    assert.equal(ids[0], ids[1]);
    assert.equal(ids[2], ids[3]);
    assert.notEqual(ids[0], ids[2]);
  });

  it('keeps two clients apart, and FHIR calls join their client\'s flow', () => {
    const bus = createEventBus(clock);
    const flows = createFlowTracker(bus);
    bus.emit(authorize('app-a', 'standalone', { interactionId: 'I1' }));
    bus.emit(authorize('app-b', 'standalone', { interactionId: 'I2' }));
    bus.emit({ type: 'auth.token', clientId: 'app-a', interactionId: 'I1', jti: 'J1', grantType: 'authorization_code', authMethod: 'none', scope: ['patient/Patient.rs'], expiresIn: 3600, refreshToken: false, idToken: false });
    bus.emit({ type: 'fhir.request', method: 'GET', path: '/fhir/Patient/1', status: 200, clientId: 'app-a', jti: 'J1', decision: { allowed: true, scope: 'patient/Patient.rs', reason: 'granted' } });
    bus.emit({ type: 'fhir.request', method: 'GET', path: '/fhir/Patient/1', status: 401 });
    const [a, b, , call, anonymous] = flows.recent();
    assert.notEqual(a!.flow, b!.flow);
    assert.equal(call!.flow, a!.flow);
    assert.deepEqual(call!.details, [{ label: 'Allowed by', value: 'patient/Patient.rs' }]);
    assert.equal(anonymous!.flow, 'anonymous');
    assert.match(anonymous!.details[0]!.value, /no valid access token/);
  });

  it('joins a token to its interaction and later calls to the token; forgets the ids of the oldest flows past the bound', () => {
    const keyer = createFlowKeyer(2);
    const at = { seq: 0, time: '2026-01-01T00:00:00.000Z' };
    const key = (input: SandboxEventInput & FlowTags): string | undefined => keyer.keyOf({ ...input, ...at } as Parameters<typeof keyer.keyOf>[0]);
    const call = (jti: string) => key({ type: 'fhir.request', method: 'GET', path: '/fhir/Patient/1', status: 200, clientId: 'app-a', jti });
    const one = key(authorize('app-a', 'standalone', { interactionId: 'I1' }));
    assert.equal(key({ type: 'auth.token', clientId: 'app-a', interactionId: 'I1', jti: 'J1', grantType: 'authorization_code', authMethod: 'none', scope: [], expiresIn: 1, refreshToken: false, idToken: false }), one);
    assert.equal(call('J1'), one);
    const two = key(authorize('app-a', 'standalone', { interactionId: 'I2' }));
    key(authorize('app-a', 'standalone', { interactionId: 'I3' }));
    assert.equal(key(authorize('app-a', 'standalone', { interactionId: 'I2' })), two, 'a recent flow is remembered');
    key(authorize('app-a', 'standalone', { interactionId: 'I4' }));
    assert.notEqual(call('J1'), one, 'the oldest flow was forgotten');
  });

  it('keeps the calls of each token in its own flow when two flows call in turns, and a later call after a flow is forgotten in a new one', () => {
    const keyer = createFlowKeyer(2);
    const at = { seq: 0, time: '2026-01-01T00:00:00.000Z' };
    const key = (input: SandboxEventInput & FlowTags): string | undefined => keyer.keyOf({ ...input, ...at } as Parameters<typeof keyer.keyOf>[0]);
    const call = (jti: string, ids: FlowTags = {}) => key({ type: 'fhir.request', method: 'GET', path: '/fhir/Patient/1', status: 200, clientId: 'app-a', jti, ...ids });
    const token = (interactionId: string, jti: string) => key({ type: 'auth.token', clientId: 'app-a', interactionId, jti, grantType: 'authorization_code', authMethod: 'none', scope: [], expiresIn: 1, refreshToken: false, idToken: false });
    const one = key(authorize('app-a', 'standalone', { interactionId: 'I1' }));
    const two = key(authorize('app-a', 'standalone', { interactionId: 'I2' }));
    assert.notEqual(one, two);
    assert.equal(token('I1', 'J1'), one);
    assert.equal(token('I2', 'J2'), two);
    for (let i = 0; i < 3; i++) {
      assert.equal(call('J1'), one);
      assert.equal(call('J1'), one, 'the same call again');
      assert.equal(call('J2'), two);
    }
    assert.equal(call('J1', { interactionId: 'I2' }), two, 'the interaction id decides before the token id, as for any event');
    assert.equal(call('J1'), one);
    assert.equal(key({ type: 'auth.introspect', clientId: 'app-a', active: true, interactionId: 'I2' }), two);
    key(authorize('app-a', 'standalone', { interactionId: 'I3' }));
    key(authorize('app-a', 'standalone', { interactionId: 'I4' }));
    assert.equal(call('J2'), call('J2'));
    assert.ok(![one, two].includes(call('J2')), 'both first flows were forgotten: a call with their token starts a new one');
  });

  it('shows each kind of simulated fault with a sentence and a spec link', () => {
    const bus = createEventBus(clock);
    const flows = createFlowTracker(bus);
    const faults: [string, string][] = [['authorize', 'access_denied'], ['authorize', 'state missing'], ['token', 'invalid_grant'], ['token', '503'], ['token', 'omit patient'], ['token', 'id_token signed with an unknown key'], ['jwks', '503'], ['fhir', '401'], ['fhir', '429'], ['fhir', 'latency 1000 ms']];
    for (const [step, effect] of faults) bus.emit({ type: 'fault', step, effect, clientId: 'app-a', interactionId: 'I1' });
    const steps = flows.recent();
    assert.equal(steps.length, faults.length);
    for (const s of steps) {
      assert.equal(s.title, 'Simulated fault');
      assert.match(s.purpose, /^[A-Z].+\.$/);
      assert.match(s.spec.url, /^https:\/\//);
    }
    assert.equal(steps[0]!.summary, 'the authorization request sent the app the error access_denied instead of a code');
    assert.equal(steps[7]!.spec.url, 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1');
    assert.equal(steps[9]!.ok, true, 'latency is not a failure');
  });

  it('gives every step a spec link and a sentence on its purpose', () => {
    const bus = createEventBus(clock);
    const flows = createFlowTracker(bus);
    bus.emit({ type: 'discovery', document: 'smart-configuration' });
    bus.emit(authorize('app-a', 'standalone'));
    bus.emit({ type: 'auth.pkce', clientId: 'app-a', method: 'S256', challenge: 'abc', hashedVerifier: 'abc', ok: true });
    for (const step of flows.recent()) {
      assert.match(step.spec.url, /^https:\/\/(hl7\.org\/fhir\/smart-app-launch\/STU2\.2\/|www\.rfc-editor\.org\/rfc\/)/);
      assert.match(step.purpose, /^[A-Z].+\.$/);
    }
  });
});

describe('flow log option', () => {
  it('hands one line per step to a logFlows function, and refuses anything else', async () => {
    const lines: string[] = [];
    const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE, logFlows: (line) => lines.push(line) });
    await request(sb.app).get('/fhir/.well-known/smart-configuration');
    await request(sb.app).get('/fhir/Patient');
    assert.match(lines[0]!, /^\d\d:\d\d:\d\d flow-1 {2}Discovery: GET \/fhir\/\.well-known\/smart-configuration$/);
    assert.match(lines[1]!, /FHIR call FAILED: GET \/fhir\/Patient → 401\n\s+└ Refused: no valid access token/);
    await assert.rejects(createSandbox({ patients: 0, logFlows: 'yes' as unknown as boolean }), /logFlows must be true, false or a function/);
  });
});

describe('flow inspector feed', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  async function feed(): Promise<string> {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/inspector/events`, { signal: controller.signal });
    assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: ready')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    return text;
  }

  it('streams each step of a launch, the PKCE check and verified tokens, and never a secret, code or token', async () => {
    const flow = await standaloneLaunch(t, { clientId: 'demo-confidential-app', scope: 'launch/patient openid fhirUser offline_access patient/*.rs' }, { patient: 'pat-1' });
    const tokens = (await exchangeCode(t, flow, { extra: { client_secret: DEMO_CLIENT_SECRET } })).body as Record<string, string>;
    await fetch(`${t.fhirBase}/Patient/pat-1`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    await postForm(`${t.url}/auth/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { authorization: `Basic ${Buffer.from(`demo-confidential-app:${DEMO_CLIENT_SECRET}`).toString('base64')}` });
    const text = await feed();
    const steps = text.split('\n').filter((l) => l.startsWith('data: {"seq')).map((l) => JSON.parse(l.slice(6)) as { kind: string; tokens?: { signature: { verified: boolean } }[] });
    const kinds = steps.map((s) => s.kind);
    for (const kind of ['auth.authorize', 'auth.login', 'auth.patient-selected', 'auth.consent', 'auth.code', 'auth.pkce', 'auth.token', 'auth.tokens-decoded', 'fhir.request', 'auth.refresh']) {
      assert.ok(kinds.includes(kind), `${kind} is streamed`);
    }
    const decoded = steps.find((s) => s.kind === 'auth.tokens-decoded')!;
    assert.deepEqual(decoded.tokens!.map((x) => x.signature.verified), [true, true], 'access token and id_token verified against the JWKS');
    for (const secret of [DEMO_CLIENT_SECRET, flow.code!, tokens.access_token, tokens.refresh_token, tokens.id_token, flow.pkce.verifier]) {
      assert.ok(!text.includes(secret!), 'no secret, code, verifier or token in the feed');
    }
  });

  it('serves the inspector page with its script and the feed URL', async () => {
    const res = await fetch(`${t.url}/inspector`);
    const html = await res.text();
    assert.match(html, /<h1>Flow inspector<\/h1>/);
    assert.match(html, new RegExp(`data-stream="${t.url}/inspector/events"`));
    assert.match(html, /assets\/inspector\.js/);
  });
});
