/**
 * Contract §4: the token endpoint with grant_type=authorization_code: headers, members,
 * PKCE, single-use codes, bindings, and every error row.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_BACKEND_ES384 } from '../../../src/index.js';
import { assertionFields } from '../../helpers/client-assertion.js';
import { ehrLaunch, exchangeCode, postForm, standaloneLaunch, type FlowResult } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

function assertNoStore(headers: Headers): void {
  assert.equal(headers.get('cache-control'), 'no-store');
  assert.equal(headers.get('pragma'), 'no-cache');
}

describe('token endpoint: authorization_code', () => {
  let t: TestSandbox;
  let tokenUrl: string;
  before(async () => {
    t = await startSandbox();
    tokenUrl = `${t.url}/auth/token`;
  });
  after(() => t.close());

  const launch = (scope = 'launch/patient openid fhirUser offline_access patient/*.rs'): Promise<FlowResult> =>
    standaloneLaunch(t, { scope }, { patient: 'pat-1' });

  it('answers with the token, Bearer, a numeric expires_in, the granted scope and the context, no-store', async () => {
    const flow = await launch();
    const reply = await exchangeCode(t, flow);
    assert.equal(reply.status, 200);
    assertNoStore(reply.headers);
    assert.match(reply.headers.get('content-type')!, /^application\/json/);
    const body = reply.body;
    assert.equal(typeof body.access_token, 'string');
    assert.equal(body.token_type, 'Bearer');
    assert.equal(typeof body.expires_in, 'number');
    assert.equal(body.expires_in, 3600);
    assert.equal(body.scope, 'launch/patient openid fhirUser offline_access patient/*.rs');
    assert.equal(typeof body.refresh_token, 'string');
    assert.equal(typeof body.id_token, 'string');
    assert.equal(body.patient, 'pat-1');
    assert.equal(body.need_patient_banner, true);
    assert.equal(body.smart_style_url, `${t.url}/smart-style.json`);
  });

  it('gives a refresh token for online_access too, and none without offline or online access', async () => {
    const online = await exchangeCode(t, await launch('launch/patient online_access patient/*.rs'));
    assert.equal(typeof online.body.refresh_token, 'string');
    const none = await exchangeCode(t, await launch('launch/patient patient/*.rs'));
    assert.equal(none.body.refresh_token, undefined);
    assert.equal(none.body.id_token, undefined);
  });

  it('allows CORS for browser apps, preflight included', async () => {
    const pre = await fetch(tokenUrl, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    const reply = await exchangeCode(t, await launch(), { headers: { origin: 'https://app.example' } });
    assert.equal(reply.headers.get('access-control-allow-origin'), '*');
  });

  describe('PKCE', () => {
    const cases: [string, (f: FlowResult) => string | undefined][] = [
      ['missing', () => undefined],
      ['empty', () => ''],
      ['wrong', () => 'x'.repeat(43)],
      ['equal to the challenge itself', (f) => f.pkce.challenge],
      ['too short', (f) => f.pkce.verifier.slice(0, 20)],
    ];
    for (const [what, verifier] of cases) {
      it(`a code_verifier ${what} → 400 invalid_grant`, async () => {
        const flow = await launch();
        const reply = await exchangeCode(t, flow, { extra: { code_verifier: verifier(flow) } });
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error, 'invalid_grant');
        assertNoStore(reply.headers);
      });
    }

    it('refuses a verifier for a code that had no challenge', async () => {
      const lax = await startSandbox({ pkceRequired: false });
      try {
        const flow = await standaloneLaunch(lax, { extra: { code_challenge: undefined, code_challenge_method: undefined } });
        const reply = await exchangeCode(lax, flow);
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error, 'invalid_grant');
        const flow2 = await standaloneLaunch(lax, { extra: { code_challenge: undefined, code_challenge_method: undefined } });
        const ok = await exchangeCode(lax, flow2, { extra: { code_verifier: undefined } });
        assert.equal(ok.status, 200, 'pkceRequired: false lets an old app through');
      } finally {
        await lax.close();
      }
    });
  });

  describe('codes', () => {
    it('a bad code gets exactly 400 invalid_grant', async () => {
      const flow = await launch();
      const reply = await exchangeCode(t, flow, { code: 'not-a-code' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_grant');
      assert.equal(typeof reply.body.error_description, 'string');
      assert.deepEqual(Object.keys(reply.body).sort(), ['error', 'error_description']);
    });

    it('a reused code is refused and the tokens made from it are revoked', async () => {
      const flow = await launch();
      const first = await exchangeCode(t, flow);
      assert.equal(first.status, 200);
      const introspect = (token: string) => postForm(`${t.url}/auth/introspect`, { token, client_id: 'demo-public-app' });
      assert.equal((await introspect(first.body.access_token as string)).body.active, true);
      const second = await exchangeCode(t, flow);
      assert.equal(second.status, 400);
      assert.equal(second.body.error, 'invalid_grant');
      assert.deepEqual((await introspect(first.body.access_token as string)).body, { active: false });
      assert.deepEqual((await introspect(first.body.refresh_token as string)).body, { active: false });
      const refresh = await postForm(`${t.url}/auth/token`, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string });
      assert.equal(refresh.body.error, 'invalid_grant');
    });

    it('a code sent several times at once: one exchange succeeds, the others are refused, and every token of the first is revoked', async () => {
      const flow = await launch();
      // Several at once, so that some arrive while the first one's tokens are being signed.
      const replies = await Promise.all(Array.from({ length: 6 }, () => exchangeCode(t, flow)));
      const ok = replies.filter((r) => r.status === 200);
      assert.equal(ok.length, 1, 'exactly one exchange gets tokens');
      for (const refused of replies.filter((r) => r.status !== 200)) assert.equal(refused.body.error, 'invalid_grant');
      const introspect = (token: string) => postForm(`${t.url}/auth/introspect`, { token, client_id: 'demo-public-app' });
      assert.deepEqual((await introspect(ok[0]!.body.access_token as string)).body, { active: false });
      assert.deepEqual((await introspect(ok[0]!.body.refresh_token as string)).body, { active: false });
    });

    it('a code expires after codeLifetime on the sandbox clock', async () => {
      const flow = await launch();
      t.sb.clock.advance(61_000);
      try {
        const reply = await exchangeCode(t, flow);
        assert.equal(reply.status, 400);
        assert.equal(reply.body.error, 'invalid_grant');
      } finally {
        t.sb.clock.advance(-61_000);
      }
    });

    it('a code is bound to its redirect_uri', async () => {
      const reply = await exchangeCode(t, await launch(), { redirectUri: 'http://localhost:5173/other' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_grant');
    });

    it('a code is bound to its client', async () => {
      const reply = await exchangeCode(t, await launch(), { clientId: 'another-public-app' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_grant');
    });

    it('a refused exchange (another client, another redirect_uri, a wrong verifier) does not spend the code', async () => {
      const flow = await launch();
      for (const wrong of [{ clientId: 'another-public-app' }, { redirectUri: 'http://localhost:5173/other' }, { verifier: 'x'.repeat(43) }]) {
        const reply = await exchangeCode(t, flow, wrong);
        assert.equal(reply.body.error, 'invalid_grant', JSON.stringify(wrong));
      }
      const own = await exchangeCode(t, flow);
      assert.equal(own.status, 200, 'the app that owns the code still gets its tokens');
      const thief = await exchangeCode(t, flow, { clientId: 'another-public-app' });
      assert.equal(thief.body.error, 'invalid_grant');
      const introspected = await postForm(`${t.url}/auth/introspect`, { token: own.body.access_token as string, client_id: 'demo-public-app' });
      assert.equal(introspected.body.active, true, 'another client presenting a spent code does not revoke its owner\'s tokens');
    });

    it('a backend service may not use the code grant: unauthorized_client', async () => {
      const flow = await launch();
      const fields = await assertionFields({ clientId: 'demo-backend-service', key: DEMO_BACKEND_ES384, aud: tokenUrl });
      const reply = await exchangeCode(t, flow, { clientId: 'demo-backend-service', extra: fields });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'unauthorized_client');
    });
  });

  describe('error rows', () => {
    const rows: [string, Record<string, string | undefined>, number, string][] = [
      ['grant_type missing', { grant_type: undefined }, 400, 'invalid_request'],
      ['grant_type unknown', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
      ['code missing', { code: undefined }, 400, 'invalid_request'],
      ['redirect_uri missing', { redirect_uri: undefined }, 400, 'invalid_request'],
    ];
    for (const [what, fields, status, error] of rows) {
      it(`${what} → ${status} ${error}`, async () => {
        const flow = await launch();
        const reply = await exchangeCode(t, flow, { extra: fields });
        assert.equal(reply.status, status);
        assert.equal(reply.body.error, error);
        assertNoStore(reply.headers);
      });
    }

    it('a repeated parameter → 400 invalid_request', async () => {
      const flow = await launch();
      const body = new URLSearchParams({ grant_type: 'authorization_code', code: flow.code!, redirect_uri: flow.redirectUri, code_verifier: flow.pkce.verifier, client_id: flow.clientId });
      body.append('code', flow.code!);
      const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
    });

    it('a JSON body → 400 invalid_request', async () => {
      const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code' }) });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
      assertNoStore(res.headers);
    });

    it('an oversized body → 400 invalid_request, no internals', async () => {
      const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=authorization_code&code=${'a'.repeat(100_000)}` });
      assert.equal(res.status, 400);
      const text = await res.text();
      assert.equal((JSON.parse(text) as { error: string }).error, 'invalid_request');
      assert.doesNotMatch(text, /at |node_modules|\.ts/);
    });

    it('an unknown public client in strict mode → 401 invalid_client', async () => {
      const strict = await startSandbox({ strict: true });
      try {
        const reply = await postForm(`${strict.url}/auth/token`, { grant_type: 'authorization_code', code: 'x', redirect_uri: 'http://localhost/', code_verifier: 'v'.repeat(43), client_id: 'nobody' });
        assert.equal(reply.status, 401);
        assert.equal(reply.body.error, 'invalid_client');
      } finally {
        await strict.close();
      }
    });

    it('no client identification at all → 401 invalid_client', async () => {
      const reply = await exchangeCode(t, await launch(), { extra: { client_id: undefined } });
      assert.equal(reply.status, 401);
      assert.equal(reply.body.error, 'invalid_client');
    });

    it('never answers 403', async () => {
      const statuses = new Set<number>();
      for (const fields of [{}, { grant_type: 'x' }, { grant_type: 'authorization_code' }, { grant_type: 'refresh_token', refresh_token: 'x' }, { grant_type: 'authorization_code', client_id: 'demo-confidential-app' }]) {
        statuses.add((await postForm(tokenUrl, fields)).status);
      }
      assert.ok(![...statuses].includes(403));
      assert.ok([...statuses].every((s) => s === 400 || s === 401));
    });
  });

  describe('EHR launch context', () => {
    it('returns patient, encounter, fhirContext objects, need_patient_banner, smart_style_url and intent', async () => {
      const flow = await ehrLaunch(t, { patient: 'pat-1', encounter: 'enc-2', intent: 'reconcile-medications', fhirContext: 'Observation/obs-lab-1 Condition/cond-1', needPatientBanner: false });
      const reply = await exchangeCode(t, flow);
      assert.equal(reply.status, 200);
      const body = reply.body;
      assert.equal(body.patient, 'pat-1');
      assert.equal(body.encounter, 'enc-2');
      assert.deepEqual(body.fhirContext, [{ reference: 'Observation/obs-lab-1' }, { reference: 'Condition/cond-1' }]);
      assert.equal(body.need_patient_banner, false);
      assert.equal(body.intent, 'reconcile-medications');
      const style = await fetch(String(body.smart_style_url));
      assert.equal(style.status, 200);
      assert.match(style.headers.get('content-type')!, /^application\/json/);
      assert.equal(typeof ((await style.json()) as Record<string, unknown>).color_background, 'string');
    });
  });
});
