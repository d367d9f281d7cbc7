/**
 * CapabilityStatement.rest.resource.supportedProfile (R4 capabilitystatement.html) is kept
 * between requests until the data changes, and known from the loaded data at start: after any
 * mix of writes (R4 http.html: create, update, patch, delete, their conditional forms,
 * transaction and batch, a transaction undone) and of `sb.store` calls, it is exactly what a
 * full look at every stored resource gives, in every sandbox of the process on its own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import type { Resource } from '../../src/fhir/resource.js';

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
const FHIR = 'application/fhir+json';
const PATCH = 'application/json-patch+json';
const MRN = 'urn:example:mrn';
type Entry = { type: string; supportedProfile?: string[] };

/** POSTs a transaction or batch Bundle of these entries to the FHIR base. */
function postBundle(sb: Sandbox, type: 'transaction' | 'batch', entry: unknown[]): request.Test {
  return request(sb.app).post('/fhir').set('Content-Type', FHIR).send({ resourceType: 'Bundle', type, entry });
}

/** What the statement lists: type -> its supportedProfile, for the types that have one. */
async function listed(sb: Sandbox): Promise<Record<string, string[]>> {
  const res = await request(sb.app).get('/fhir/metadata').expect(200);
  const out: Record<string, string[]> = {};
  for (const entry of (res.body as { rest: { resource: Entry[] }[] }).rest[0]!.resource) if (entry.supportedProfile) out[entry.type] = entry.supportedProfile;
  return out;
}

/** The same, from a look at every resource stored now. */
function scanned(sb: Sandbox): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const type of sb.store.types()) {
    const claimed = new Set<string>();
    for (const r of sb.store.all(type)) for (const p of (r.meta?.profile as unknown[] | undefined) ?? []) if (typeof p === 'string' && p.startsWith(US_CORE)) claimed.add(p);
    if (claimed.size > 0) out[type] = [...claimed].sort();
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const claims = (...names: string[]): { profile: string[] } => ({ profile: names.map((n) => `${US_CORE}${n}`) });
const basic = (text: string, ...profiles: string[]): Resource => ({ resourceType: 'Basic', meta: claims(...profiles), code: { text } });

describe('the CapabilityStatement lists what a full scan of the data gives, after every kind of change', () => {
  let dir: string;
  let sb: Sandbox;
  let other: Sandbox;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mock-ehr-profiles-'));
    const file = join(dir, 'data.json');
    writeFileSync(
      file,
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { resource: { resourceType: 'Basic', id: 'from-data', meta: claims('us-core-from-data'), code: { text: 'data' } } },
          { resource: { resourceType: 'Device', id: 'device-from-data', meta: claims('us-core-implantable-device') } },
        ],
      }),
    );
    sb = await createSandbox({ patients: 2, open: true, data: [file] });
    other = await createSandbox({ patients: 2, open: true, data: [file] });
  });
  after(async () => {
    await sb.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const step = async (what: string): Promise<void> => {
    assert.deepEqual(await listed(sb), scanned(sb), what);
  };

  it('from the start (seed and --data), through REST writes, Bundles, an undone transaction, sb.store calls, clear and reset', async () => {
    const atStart = await listed(sb);
    assert.deepEqual(atStart, scanned(sb), 'known from the loaded data');
    assert.deepEqual(atStart.Basic, [`${US_CORE}us-core-from-data`]);

    const created = await request(sb.app).post('/fhir/Basic').set('Content-Type', FHIR).send(basic('a', 'us-core-a')).expect(201);
    const id = (created.body as { id: string }).id;
    await step('create');
    await request(sb.app).put(`/fhir/Basic/${id}`).set('Content-Type', FHIR).send({ ...basic('a', 'us-core-b'), id }).expect(200);
    await step('update replacing the claim');
    await request(sb.app)
      .patch(`/fhir/Basic/${id}`)
      .set('Content-Type', PATCH)
      .send(JSON.stringify([{ op: 'add', path: '/meta/profile/-', value: `${US_CORE}us-core-c` }]))
      .expect(200);
    await step('patch adding a claim');
    await request(sb.app).put('/fhir/Basic/client-id').set('Content-Type', FHIR).send({ ...basic('b', 'us-core-d'), id: 'client-id' }).expect(201);
    await step('update as create');
    await request(sb.app).delete(`/fhir/Basic/${id}`).expect(200);
    await step('delete');

    const withMrn = (mrn: string, ...profiles: string[]): Resource => ({ resourceType: 'Patient', meta: claims(...profiles), identifier: [{ system: MRN, value: mrn }], name: [{ family: mrn }], gender: 'other' });
    await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', `identifier=${MRN}|m-1`).send(withMrn('m-1', 'us-core-e')).expect(201);
    await step('conditional create');
    await request(sb.app).put(`/fhir/Patient?identifier=${MRN}|m-1`).set('Content-Type', FHIR).send(withMrn('m-1', 'us-core-f')).expect(200);
    await step('conditional update');
    await request(sb.app)
      .patch(`/fhir/Patient?identifier=${MRN}|m-1`)
      .set('Content-Type', PATCH)
      .send(JSON.stringify([{ op: 'replace', path: '/meta/profile', value: [`${US_CORE}us-core-g`] }]))
      .expect(200);
    await step('conditional patch');
    await request(sb.app).delete(`/fhir/Patient?identifier=${MRN}|m-1`).expect(200);
    await step('conditional delete');

    const tx = await postBundle(sb, 'transaction', [
      { fullUrl: 'urn:uuid:t1', resource: basic('t1', 'us-core-h'), request: { method: 'POST', url: 'Basic' } },
      { resource: { ...basic('t2', 'us-core-i'), id: 'client-id' }, request: { method: 'PUT', url: 'Basic/client-id' } },
      { request: { method: 'DELETE', url: 'Device/device-from-data' } },
    ]).expect(200);
    assert.equal((tx.body as { entry: unknown[] }).entry.length, 3);
    await step('transaction');

    const before = await listed(sb);
    const undone = await postBundle(sb, 'transaction', [
      { resource: basic('u1', 'us-core-undone'), request: { method: 'POST', url: 'Basic' } },
      { request: { method: 'DELETE', url: 'Basic/client-id' } },
      { resource: { ...basic('u2'), subject: { reference: 'Patient/nobody' } }, request: { method: 'POST', url: 'Basic' } },
    ]);
    assert.equal(undone.status, 400, JSON.stringify(undone.body));
    assert.deepEqual(await listed(sb), before, 'an undone transaction leaves the list as it was');
    await step('undone transaction');

    await postBundle(sb, 'batch', [
      { resource: basic('b1', 'us-core-j'), request: { method: 'POST', url: 'Basic' } },
      { resource: { ...basic('b2', 'us-core-k'), subject: { reference: 'Patient/nobody' } }, request: { method: 'POST', url: 'Basic' } },
    ]).expect(200);
    await step('batch, one entry refused');

    const direct = sb.store.create(basic('s1', 'us-core-l'));
    await step('sb.store.create');
    sb.store.update({ ...basic('s1', 'us-core-m'), id: direct.id });
    await step('sb.store.update');
    sb.store.delete('Basic', direct.id);
    await step('sb.store.delete');
    sb.store.load([basic('loaded', 'us-core-n'), { resourceType: 'Media', id: 'm', status: 'completed', content: { contentType: 'text/plain' }, meta: claims('us-core-media') } as Resource]);
    await step('sb.store.load');

    // The other sandbox, built from the same options, has seen none of this.
    assert.deepEqual(await listed(other), atStart);
    assert.deepEqual(await listed(other), scanned(other));

    sb.store.clear();
    assert.deepEqual(await listed(sb), {});
    await step('sb.store.clear');
    sb.store.load([basic('after-clear', 'us-core-o')]);
    await step('load after clear');
    await sb.reset();
    assert.deepEqual(await listed(sb), atStart, 'a reset brings back the starting list');
    await step('reset');
  });
});
