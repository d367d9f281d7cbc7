/**
 * Each FHIR request that reaches routing gets exactly one `fhir.request` event, with the
 * status it was answered with, whichever way it ends: a read, an unknown resource, a refused
 * token, an unknown type, a body that cannot be read. A CORS preflight gets none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventOf } from '../../src/events.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('fhir.request events', () => {
  let t: TestSandbox;
  let token: string;
  let patient: string;
  before(async () => {
    t = await startSandbox();
    patient = t.sb.store.search('Patient')[0]!.id!;
    token = (await t.sb.issueToken({ scope: 'launch/patient patient/*.rs patient/Observation.c', patient })).access_token;
  });
  after(() => t.close());

  it('are emitted once per request with its status, and none for a preflight', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const etag = (await fetch(`${t.fhirBase}/Patient/${patient}`, { headers: auth })).headers.get('etag')!;
    const cases: [string, RequestInit, number][] = [
      [`/Patient/${patient}`, { headers: auth }, 200],
      ['/Patient/nobody', { headers: auth }, 404],
      [`/Patient/${patient}`, { headers: { authorization: 'Bearer not-a-token' } }, 401],
      ['/NoSuchType/1', { headers: auth }, 404],
      ['/Observation', { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json' }, body: '{"resourceType":' }, 400],
      [`/Patient/${patient}`, { headers: { ...auth, 'if-none-match': etag, 'cache-control': 'max-age=0' } }, 304],
    ];
    for (const [path, init, status] of cases) {
      const seen: EventOf<'fhir.request'>[] = [];
      const stop = t.sb.events.on('fhir.request', (event) => seen.push(event));
      try {
        const res = await fetch(`${t.fhirBase}${path}`, init);
        await res.arrayBuffer();
        assert.equal(res.status, status, path);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        stop();
      }
      assert.equal(seen.length, 1, `${init.method ?? 'GET'} ${path}: one event`);
      assert.equal(seen[0]!.status, status);
      assert.equal(seen[0]!.path, `/fhir${path}`);
      assert.equal(seen[0]!.method, init.method ?? 'GET');
    }
    const seen: unknown[] = [];
    const stop = t.sb.events.on('fhir.request', (event) => seen.push(event));
    const preflight = await fetch(`${t.fhirBase}/Patient`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'GET' } });
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    assert.equal(preflight.status, 204);
    assert.equal(seen.length, 0);
  });
});
