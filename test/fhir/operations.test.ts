import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { FIXTURES } from '../helpers/fixtures.js';

const FHIR = 'application/fhir+json';
type Bundle = { total: number; entry?: { resource: { resourceType: string; id: string } }[]; link: { relation: string; url: string }[] };
const keys = (bundle: Bundle): string[] => (bundle.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`);

describe('Patient/[id]/$everything', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.clear();
    sb.store.load(FIXTURES);
    sb.store.load([{ resourceType: 'Encounter', id: 'enc-4', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pat-1' }, participant: [{ individual: { reference: 'Practitioner/prac-1' } }] }]);
  });
  after(() => sb.close());

  it("returns the patient, its compartment and what those refer to, and nobody else's records", async () => {
    const res = await request(sb.app).get('/fhir/Patient/pat-1/$everything').expect(200);
    const found = keys(res.body as Bundle);
    assert.equal(res.body.type, 'searchset');
    assert.equal(found[0], 'Patient/pat-1');
    for (const key of ['Encounter/enc-1', 'Encounter/enc-2', 'Encounter/enc-4', 'Observation/obs-lab-1', 'Observation/obs-vital-1', 'Condition/cond-1', 'Practitioner/prac-1', 'RelatedPerson/rp-1']) {
      assert.ok(found.includes(key), `${key} in ${found.join(', ')}`);
    }
    assert.ok(!found.includes('Encounter/enc-3'), "pat-2's encounter is not included");
    assert.equal(res.body.total, found.length);
  });

  it('narrows by _type and _since, and pages with _count', async () => {
    const typed = await request(sb.app).get('/fhir/Patient/pat-1/$everything?_type=Observation,Condition').expect(200);
    assert.deepEqual(keys(typed.body as Bundle).sort(), ['Condition/cond-1', 'Observation/obs-lab-1', 'Observation/obs-vital-1']);
    sb.clock.advance(60_000);
    const later = new Date(sb.clock.now()).toISOString();
    sb.clock.advance(60_000);
    sb.store.update({ ...sb.store.read('Condition', 'cond-1'), clinicalStatus: { text: 'resolved' } });
    const since = await request(sb.app).get(`/fhir/Patient/pat-1/$everything?_since=${encodeURIComponent(later)}`).expect(200);
    assert.deepEqual(keys(since.body as Bundle), ['Condition/cond-1']);
    const page = await request(sb.app).get('/fhir/Patient/pat-1/$everything?_count=2').expect(200);
    assert.equal((page.body as Bundle).entry!.length, 2);
    const next = (page.body as Bundle).link.find((l) => l.relation === 'next')!;
    const url = new URL(next.url);
    const second = await request(sb.app).get(`${url.pathname}${url.search}`).expect(200);
    assert.notDeepEqual(keys(second.body as Bundle), keys(page.body as Bundle));
  });

  it('refuses parameters it does not support instead of ignoring them', async () => {
    await request(sb.app).get('/fhir/Patient/pat-1/$everything?start=2020-01-01').expect(400);
    await request(sb.app).get('/fhir/Patient/pat-1/$everything?_type=Nonsense').expect(400);
    await request(sb.app).get('/fhir/Patient/nobody/$everything').expect(404);
  });
});

describe('$everything under a token', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it("gives a patient token its own record only, and only the types its scopes allow", async () => {
    const token = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs' }, { patient: 'pat-1' })).access_token;
    const get = (path: string): Promise<Response> => fetch(`${t.fhirBase}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const own = await get('/Patient/pat-1/$everything');
    assert.equal(own.status, 200);
    const types = new Set(keys((await own.json()) as Bundle).map((k) => k.split('/')[0]));
    assert.deepEqual([...types].sort(), ['Observation', 'Patient']);
    assert.equal((await get('/Patient/pat-2/$everything')).status, 403);
  });
});

describe('$validate', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 3, open: true });
  });
  after(() => sb.close());

  const validate = (path: string, body: unknown): Promise<request.Response> => request(sb.app).post(`/fhir/${path}`).set('Content-Type', FHIR).send(body as object);
  const errors = (res: request.Response): string[] =>
    (res.body.issue as { severity: string; diagnostics: string }[]).filter((i) => i.severity === 'error').map((i) => i.diagnostics);

  it('checks a resource against the R4 schema and stores nothing', async () => {
    const before = sb.store.count('Patient');
    const ok = await validate('Patient/$validate', { resourceType: 'Patient', gender: 'female' });
    assert.equal(ok.status, 200);
    assert.deepEqual(errors(ok), []);
    assert.match(ok.body.issue[0].diagnostics, /No errors/);
    const bad = await validate('Patient/$validate', { resourceType: 'Patient', gender: 'sometimes', colour: 'blue' });
    assert.equal(bad.status, 200);
    assert.equal(errors(bad).length, 2);
    assert.equal(sb.store.count('Patient'), before);
  });

  it('checks the US Core required elements of a profile in meta.profile, or named by the profile parameter', async () => {
    const profile = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';
    const missing = await validate('Patient/$validate', { resourceType: 'Patient', meta: { profile: [profile] }, gender: 'female' });
    assert.deepEqual(errors(missing).sort(), ['us-core-patient: Patient.identifier is required (min 1)', 'us-core-patient: Patient.name is required (min 1)']);
    const asParameters = await validate('Observation/$validate', {
      resourceType: 'Parameters',
      parameter: [
        { name: 'resource', resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/x' }, category: [{ text: 'other' }] } },
        { name: 'profile', valueUri: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-heart-rate' },
      ],
    });
    assert.deepEqual(errors(asParameters), ['us-core-heart-rate: Observation.category must include http://terminology.hl7.org/CodeSystem/observation-category|vital-signs']);
  });

  it('finds no errors in any seeded resource (GET [type]/[id]/$validate)', async () => {
    for (const type of sb.store.types()) {
      for (const r of sb.store.all(type)) {
        const res = await request(sb.app).get(`/fhir/${type}/${r.id}/$validate`).expect(200);
        assert.deepEqual(errors(res), [], `${type}/${r.id}`);
      }
    }
  });

  it('lists $validate and $everything in the CapabilityStatement', async () => {
    const res = await request(sb.app).get('/fhir/metadata').expect(200);
    const patient = res.body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    assert.deepEqual(patient.operation.map((o: { name: string }) => o.name).sort(), ['everything', 'validate']);
  });
});

describe('history _at and _since', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true, clock: { now: () => Date.parse('2024-01-01T00:00:00Z') } });
  });
  after(() => sb.close());

  it('_at returns the versions current at some point during the given date, at its precision', async () => {
    const v1 = sb.store.create({ resourceType: 'Patient', gender: 'female' });
    sb.clock.advance(31 * 24 * 3600_000); // 2024-02-01
    sb.store.update({ ...v1, gender: 'male' });
    sb.clock.advance(31 * 24 * 3600_000); // 2024-03-03
    sb.store.update({ ...v1, gender: 'other' });
    const versions = async (query: string): Promise<string[]> => {
      const res = await request(sb.app).get(`/fhir/Patient/${v1.id}/_history?${query}`).expect(200);
      return (res.body.entry ?? []).map((e: { resource: { meta: { versionId: string } } }) => e.resource.meta.versionId);
    };
    assert.deepEqual(await versions('_at=2024-01-15'), ['1']);
    assert.deepEqual(await versions('_at=2024-02'), ['2']);
    assert.deepEqual(await versions('_at=2024'), ['3', '2', '1']);
    assert.deepEqual(await versions('_at=2025'), ['3']);
    assert.deepEqual(await versions('_at=2023'), []);
    assert.deepEqual(await versions('_since=2024-02-01T00:00:00Z'), ['3', '2']);
    const type = await request(sb.app).get('/fhir/Patient/_history?_at=2024-01').expect(200);
    assert.equal(type.body.total, 1);
    assert.match(type.body.link[0].url, /_at=2024-01/);
  });

  it('refuses a malformed _at, and _summary or _elements it does not apply', async () => {
    await request(sb.app).get('/fhir/Patient/_history?_at=yesterday').expect(400);
    await request(sb.app).get('/fhir/Patient/_history?_summary=count').expect(400);
    await request(sb.app).get('/fhir/_history?_elements=id').expect(400);
  });
});
