/**
 * Flows keyed on the ids events carry: two launches of the same client at the same time are
 * two flows in the inspector's feed and in the flow log, each with its steps in order and
 * each FHIR call, refresh and revocation attached by its token; an injected fault shows at
 * its step. Driven over real HTTP with the toolkit (createLaunch, authorize, exchangeCode).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPkce, exchangeCode, refreshToken, type Sandbox } from '../../src/index.js';
import { fhirGet, listeningSandbox } from '../api/helpers.js';

interface Step {
  seq: number;
  flow: string;
  kind: string;
  title: string;
  summary: string;
  purpose: string;
  spec: { url: string };
  details: { label: string; value: string }[];
}

const jtiOf = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string }).jti;

async function feed(sb: Sandbox): Promise<{ text: string; steps: Step[] }> {
  const controller = new AbortController();
  const res = await fetch(`${sb.url}/inspector/events`, { signal: controller.signal });
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('event: ready')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  controller.abort();
  const steps = text
    .split('\n')
    .filter((l) => l.startsWith('data: {"seq'))
    .map((l) => JSON.parse(l.slice(6)) as Step);
  return { text, steps };
}

describe('simultaneous flows of one client', () => {
  let sb: Sandbox;
  const lines: string[] = [];
  before(async () => {
    sb = await listeningSandbox({ logFlows: (line) => lines.push(line) });
  });
  after(() => sb.close());

  function authorizeUrl(launch: string, challenge: string): string {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo-public-app',
      redirect_uri: 'http://localhost/callback',
      scope: 'launch openid fhirUser offline_access patient/*.rs',
      state: `state-${launch.slice(0, 6)}`,
      aud: sb.fhirBaseUrl,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      launch,
    });
    return `${sb.url}/auth/authorize?${params}`;
  }

  it('shows two interleaved EHR launches as two flows, each step in order, each call attached by its token, and a fault at its step', async () => {
    const skip = { login: true, patientPicker: true, consent: true };
    const a = sb.createLaunch({ user: 'Practitioner/prac-1', patient: 'pat-1', skip });
    const b = sb.createLaunch({ user: 'Practitioner/prac-1', patient: 'pat-2', skip, faults: [{ at: 'fhir', status: 503, times: 1 }] });
    const pa = createPkce();
    const pb = createPkce();
    // Interleaved: B authorizes first, A exchanges its code first, calls alternate.
    const rb = await sb.authorize(authorizeUrl(b.launchId, pb.challenge));
    const ra = await sb.authorize(authorizeUrl(a.launchId, pa.challenge));
    const ta = (await exchangeCode(sb, { code: ra.code!, codeVerifier: pa.verifier })).body;
    const tb = (await exchangeCode(sb, { code: rb.code!, codeVerifier: pb.verifier })).body;
    assert.equal((await fhirGet(sb, 'Patient/pat-2', tb.access_token)).status, 503, 'the launch fault happens');
    assert.equal((await fhirGet(sb, 'Patient/pat-1', ta.access_token)).status, 200);
    assert.equal((await fhirGet(sb, 'Patient/pat-2', tb.access_token)).status, 200);
    const refreshed = (await refreshToken(sb, { refreshToken: ta.refresh_token! })).body;
    assert.equal((await fhirGet(sb, 'Observation?patient=pat-1', refreshed.access_token)).status, 200);
    const revoked = await fetch(`${sb.url}/auth/revoke`, { method: 'POST', body: new URLSearchParams({ token: tb.refresh_token!, client_id: 'demo-public-app' }) });
    assert.equal(revoked.status, 200);

    const { text, steps } = await feed(sb);
    const flowOf = (predicate: (s: Step) => boolean): string => {
      const found = steps.filter(predicate).map((s) => s.flow);
      assert.ok(found.length > 0);
      assert.equal(new Set(found).size, 1, 'all in one flow');
      return found[0]!;
    };
    const flowA = flowOf((s) => s.kind === 'auth.launch' && s.details.some((d) => d.value === 'pat-1'));
    const flowB = flowOf((s) => s.kind === 'auth.launch' && s.details.some((d) => d.value === 'pat-2'));
    assert.notEqual(flowA, flowB);

    const kinds = (flow: string): string[] => steps.filter((s) => s.flow === flow).map((s) => s.kind);
    assert.deepEqual(kinds(flowA), ['auth.launch', 'auth.authorize', 'auth.consent', 'auth.code', 'auth.pkce', 'auth.token', 'auth.tokens-decoded', 'fhir.request', 'auth.refresh', 'auth.tokens-decoded', 'fhir.request']);
    assert.deepEqual(kinds(flowB), ['auth.launch', 'auth.authorize', 'auth.consent', 'auth.code', 'auth.pkce', 'auth.token', 'auth.tokens-decoded', 'fault', 'fhir.request', 'fhir.request', 'auth.revoke']);

    // Each token's steps and each FHIR call sit in the flow of the token that made them.
    const jti = (flow: string, kind: string): string[] => steps.filter((s) => s.flow === flow && s.kind === kind).map((s) => s.details.find((d) => d.label === 'Token id (jti)')!.value);
    assert.deepEqual(jti(flowA, 'auth.token'), [jtiOf(ta.access_token)]);
    assert.deepEqual(jti(flowB, 'auth.token'), [jtiOf(tb.access_token)]);
    assert.deepEqual(jti(flowA, 'auth.refresh'), [jtiOf(refreshed.access_token)]);
    assert.equal(flowOf((s) => s.kind === 'fhir.request' && s.summary.includes('pat-1')), flowA);
    assert.equal(flowOf((s) => s.kind === 'fhir.request' && s.summary.includes('pat-2')), flowB);

    const fault = steps.find((s) => s.kind === 'fault')!;
    assert.equal(fault.summary, 'the FHIR API answered HTTP 503');
    assert.match(fault.purpose, /^[A-Z].+\.$/);
    assert.match(fault.spec.url, /^https:\/\/hl7\.org\/fhir\/R4\/http\.html/);

    for (const secret of [ra.code!, rb.code!, pa.verifier, pb.verifier, ta.access_token, ta.refresh_token!, tb.access_token, tb.refresh_token!, refreshed.access_token, a.launchId, b.launchId]) {
      assert.ok(!text.includes(secret), 'no code, verifier, token or launch id in the feed');
    }

    // The flow log groups the same way.
    const logFlow = (needle: string): Set<string> => new Set(lines.filter((l) => l.includes(needle)).map((l) => l.split(' ')[1]!));
    assert.deepEqual(logFlow('GET /fhir/Patient/pat-1'), new Set([flowA]));
    assert.deepEqual(logFlow('GET /fhir/Patient/pat-2'), new Set([flowB]));
    assert.deepEqual(logFlow('Simulated fault: the FHIR API answered HTTP 503'), new Set([flowB]));
    assert.deepEqual(logFlow('Revocation'), new Set([flowB]));
  });

  it('keeps two standalone launches of one client apart, their FHIR calls joined by token', async () => {
    const { launchStandalone } = await import('../../src/index.js');
    const one = await launchStandalone(sb, { user: 'Practitioner/prac-1', patient: 'pat-1' });
    const two = await launchStandalone(sb, { user: 'Practitioner/prac-1', patient: 'pat-2' });
    await fhirGet(sb, 'Patient/pat-1', one.tokens!.access_token);
    await fhirGet(sb, 'Patient/pat-2', two.tokens!.access_token);
    await fhirGet(sb, 'Patient/pat-1', one.tokens!.access_token);
    const { steps } = await feed(sb);
    const tokenFlow = (jti: string): string => steps.find((s) => s.kind === 'auth.token' && s.details.some((d) => d.value === jti))!.flow;
    const flowOne = tokenFlow(jtiOf(one.tokens!.access_token));
    const flowTwo = tokenFlow(jtiOf(two.tokens!.access_token));
    assert.notEqual(flowOne, flowTwo);
    const recent = steps.filter((s) => s.kind === 'fhir.request').slice(-3);
    assert.deepEqual(
      recent.map((s) => s.flow),
      [flowOne, flowTwo, flowOne],
    );
    assert.deepEqual(
      steps.filter((s) => s.flow === flowTwo).map((s) => s.kind),
      ['auth.authorize', 'auth.login', 'auth.patient-selected', 'auth.consent', 'auth.code', 'auth.pkce', 'auth.token', 'auth.tokens-decoded', 'fhir.request'],
    );
  });
});
