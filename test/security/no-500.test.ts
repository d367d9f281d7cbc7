/**
 * Client input never gives a 500: JSON nested past the documented depth, a corrupt gzip or
 * deflate body, and a malformed percent-escape in any path are a 400 in the format of the
 * part of the sandbox they reach (OperationOutcome, OAuth error, or the HTML error page),
 * and none of them changes the store.
 */
import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { ROUTES } from '../../src/index.js';
import { MAX_JSON_DEPTH } from '../../src/http/body.js';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { diagnostics, FHIR_JSON, FORM, fhir, storeFingerprint } from './helpers.js';

const BAD_ESCAPES = ['%E0%A4%A', '%zz', '%', '%C0%AF', '%ED%A0%80'];

/** An Observation whose extension nests `levels` deep. */
function deepResource(levels: number): string {
  const open = '{"url":"http://example.org/x","extension":['.repeat(levels);
  const close = ']}'.repeat(levels);
  return `{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/pat-1"},"extension":[${open}{"url":"y"}${close}]}`;
}

describe('client input never gives a 500', () => {
  let t: TestSandbox;
  let token: string;
  before(async () => {
    t = await startSandbox();
    token = (await getTokens(t, { scope: 'launch/patient patient/*.cruds' }, { patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, naming the limit`, async () => {
    const before = storeFingerprint(t.sb);
    for (const levels of [MAX_JSON_DEPTH, 3000, 100_000]) {
      const reply = await fhir(t, '/Observation', token, { method: 'POST', headers: FHIR_JSON, body: deepResource(levels) });
      assert.equal(reply.status, 400, `${levels} levels: ${reply.text.slice(0, 200)}`);
      assert.equal(reply.body.resourceType, 'OperationOutcome');
      assert.match(diagnostics(reply), new RegExp(`${MAX_JSON_DEPTH} levels`));
    }
    const bundle = `{"resourceType":"Bundle","type":"transaction","entry":[{"resource":${deepResource(3000)},"request":{"method":"POST","url":"Observation"}}]}`;
    assert.equal((await fhir(t, '', token, { method: 'POST', headers: FHIR_JSON, body: bundle })).status, 400);
    const register = await fetch(`${t.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"redirect_uris":["http://localhost/cb"],"x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    });
    assert.equal(register.status, 400);
    assert.equal(((await register.json()) as { error: string }).error, 'invalid_client_metadata');
    assert.equal(storeFingerprint(t.sb), before);
  });

  it('accepts JSON at the depth limit (the control)', async () => {
    const reply = await fhir(t, '/Observation', token, { method: 'POST', headers: FHIR_JSON, body: deepResource(MAX_JSON_DEPTH / 2 - 4) });
    assert.equal(reply.status, 201, reply.text.slice(0, 300));
  });

  it('answers a corrupt or truncated gzip or deflate body with a 400', async () => {
    const before = storeFingerprint(t.sb);
    const good = Buffer.from(deepResource(1));
    const bodies: [string, Buffer][] = [
      ['deflate', Buffer.from('this is not deflate data')],
      ['gzip', Buffer.from('this is not gzip data either')],
      ['deflate', deflateSync(good).subarray(0, 12)],
      ['gzip', Buffer.concat([gzipSync(good).subarray(0, 20), Buffer.from('garbage')])],
    ];
    for (const [encoding, bytes] of bodies) {
      const body = new Uint8Array(bytes);
      const reply = await fhir(t, '/Observation', token, { method: 'POST', headers: { ...FHIR_JSON, 'content-encoding': encoding }, body });
      assert.equal(reply.status, 400, `${encoding}: ${reply.text}`);
      assert.equal(reply.body.resourceType, 'OperationOutcome');
      const search = await fhir(t, '/Observation/_search', token, { method: 'POST', headers: { ...FORM, 'content-encoding': encoding }, body });
      assert.equal(search.status, 400, `_search ${encoding}`);
      for (const path of ['/auth/token', '/auth/revoke', '/auth/introspect', '/auth/register']) {
        const res = await fetch(`${t.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': path.endsWith('register') ? 'application/json' : FORM['content-type'], 'content-encoding': encoding },
          body,
        });
        assert.equal(res.status, 400, `${path} ${encoding}`);
        assert.match(((await res.json()) as { error: string }).error, /^invalid_(request|client_metadata)$/);
      }
      const page = await fetch(`${t.url}/auth/interaction/x`, { method: 'POST', headers: { ...FORM, 'content-encoding': encoding }, body });
      assert.equal(page.status, 400, `interaction page ${encoding}`);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    }
    assert.equal(storeFingerprint(t.sb), before);
  });

  it('answers /auth/interaction/%E0%A4%A with the HTML error page', async () => {
    const res = await fetch(`${t.url}/auth/interaction/%E0%A4%A`);
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /malformed percent-escape/);
  });

  it('sweeps every route with malformed percent-escapes: never a 5xx', async () => {
    // A read-only token: a well-formed DELETE with a bad query string may rightly delete.
    const readOnly = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
    const before = storeFingerprint(t.sb);
    const paths = new Set<string>(['/', '/static', '/fhir/Patient', '/fhir/Patient/pat-1', '/fhir/Patient/pat-1/_history', '/fhir/Observation/_search', '/.well-known']);
    for (const path of Object.values(ROUTES)) paths.add(path);
    const failures: string[] = [];
    for (const path of paths) {
      for (const bad of BAD_ESCAPES) {
        const base = path === '/' ? '' : path;
        const urls = [`${base}/${bad}`, `${base}/${bad}/x`, `${path}?${bad}=${bad}&x=${bad}`];
        if (base) urls.push(`${base}${bad}`);
        for (const url of urls) {
          for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
            for (const auth of [undefined, readOnly]) {
              const headers: Record<string, string> = auth ? { authorization: `Bearer ${auth}` } : {};
              if (method === 'POST' || method === 'PUT') headers['content-type'] = url.includes('/fhir') ? FHIR_JSON['content-type'] : FORM['content-type'];
              const res = await fetch(`${t.url}${url}`, { method, headers, body: method === 'POST' || method === 'PUT' ? '{}' : undefined, redirect: 'manual' });
              const text = await res.text();
              if (res.status >= 500) failures.push(`${method} ${url} -> ${res.status}`);
              if (/at .+\.(ts|js):\d+/.test(text)) failures.push(`${method} ${url} leaks a stack trace`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(storeFingerprint(t.sb), before);
  });

  it('answers a malformed escape in each part with that part\'s error format', async () => {
    const fhirReply = await fhir(t, '/Patient/%E0%A4%A', token);
    assert.equal(fhirReply.status, 400);
    assert.equal(fhirReply.body.resourceType, 'OperationOutcome');
    const discovery = await fetch(`${t.url}/.well-known/%E0%A4%A`);
    assert.equal(discovery.status, 400);
    assert.equal(((await discovery.json()) as { error: string }).error, 'invalid_request');
    const token400 = await fetch(`${t.url}/auth/token/%zz`, { method: 'POST' });
    assert.equal(token400.status, 400);
  });
  it('answers malformed Bundle entries and a JSON Patch carried in a Bundle with a 400, never a 500', async () => {
    const before = storeFingerprint(t.sb);
    const obs = { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/pat-1' } };
    const patchEntry = (data: string) => ({
      request: { method: 'PATCH', url: 'Observation/obs-vital-1' },
      resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: Buffer.from(data).toString('base64') },
    });
    const deepPatch = `[{"op":"add","path":"/extension","value":${'['.repeat(3000)}${']'.repeat(3000)}}]`;
    const protoPatch = '[{"op":"add","path":"/note","value":[{"text":"x","__proto__":{"author":1}}]}]';
    const entryLists: unknown[][] = [
      [null],
      [5],
      [{ request: 'POST Observation', resource: obs }],
      [{ request: { method: 5, url: 'Observation' }, resource: obs }],
      [{ request: { method: 'POST', url: ['Observation'] }, resource: obs }],
      [{ request: { method: 'PUT', url: 'Observation/obs-vital-1', ifMatch: 5 }, resource: { ...obs, id: 'obs-vital-1' } }],
      [{ request: { method: 'POST', url: 'Observation', ifNoneExist: 5 }, resource: obs }],
      [{ fullUrl: 7, request: { method: 'POST', url: 'Observation' }, resource: obs }],
      [{ request: { method: 'POST', url: 'Observation' }, resource: 'an Observation' }],
      [patchEntry(deepPatch)],
      [patchEntry(protoPatch)],
    ];
    for (const type of ['transaction', 'batch']) {
      for (const entry of entryLists) {
        const reply = await fhir(t, '', token, { method: 'POST', headers: FHIR_JSON, body: JSON.stringify({ resourceType: 'Bundle', type, entry }) });
        const statuses = [reply.status, ...((reply.body.entry as { response: { status: string } }[] | undefined) ?? []).map((e) => Number.parseInt(e.response.status, 10))];
        assert.ok(statuses.every((s) => s < 500), `${type} ${JSON.stringify(entry).slice(0, 120)}: ${reply.text.slice(0, 300)}`);
        assert.ok(statuses.some((s) => s === 400), `${type} ${JSON.stringify(entry).slice(0, 120)} is refused: ${reply.text.slice(0, 300)}`);
      }
    }
    assert.equal(storeFingerprint(t.sb), before);
  });
});
