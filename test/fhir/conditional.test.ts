import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import type { Resource } from '../../src/fhir/resource.js';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { patient } from './fixtures.js';

const FHIR = 'application/fhir+json';
const MRN = 'urn:example:mrn';
const withMrn = (family: string, mrn: string): Resource => ({ ...patient(family), identifier: [{ system: MRN, value: mrn }] });
const countOf = async (sb: Sandbox, query: string): Promise<number> => (await request(sb.app).get(`/fhir/Patient?${query}`).expect(200)).body.total;

describe('conditional writes (R4 http.html#ccreate, #cond-update, #cdelete)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
  });
  after(() => sb.close());

  describe('conditional create with If-None-Exist', () => {
    it('creates when nothing matches, then leaves the match alone (200, its Location) when run again', async () => {
      const first = await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', `identifier=${MRN}|c-1`).send(withMrn('Once', 'c-1'));
      assert.equal(first.status, 201);
      const again = await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', `identifier=${MRN}|c-1`).send(withMrn('Twice', 'c-1'));
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
      assert.equal(again.body.name[0].family, 'Once', 'the existing resource is not changed');
      assert.equal(new URL(again.headers.location!).pathname, new URL(first.headers.location!).pathname);
      assert.equal(await countOf(sb, `identifier=${MRN}|c-1`), 1);
    });

    it('answers 412 and creates nothing when the criteria match several resources', async () => {
      sb.store.create(withMrn('Dup', 'dup'));
      sb.store.create(withMrn('Dup', 'dup'));
      const res = await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', `identifier=${MRN}|dup`).send(withMrn('Dup', 'dup'));
      assert.equal(res.status, 412);
      assert.equal(res.body.resourceType, 'OperationOutcome');
      assert.equal(await countOf(sb, `identifier=${MRN}|dup`), 2);
    });

    it('refuses criteria it cannot apply (400), instead of matching more than asked', async () => {
      const res = await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', 'colour=blue').send(patient('X'));
      assert.equal(res.status, 400);
      assert.match(res.body.issue[0].diagnostics, /If-None-Exist.*colour/);
      const empty = await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).set('If-None-Exist', '').send(patient('X'));
      assert.equal(empty.status, 400);
    });

    it('honours request.ifNoneExist in a batch and in a transaction, where the urn:uuid then points at the match', async () => {
      const existing = sb.store.create(withMrn('Known', 'tx-1'));
      const bundle = (type: string): Record<string, unknown> => ({
        resourceType: 'Bundle',
        type,
        entry: [
          { fullUrl: 'urn:uuid:p', resource: withMrn('Known', 'tx-1'), request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${MRN}|tx-1` } },
          {
            resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'urn:uuid:p' } },
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      });
      const tx = await request(sb.app).post('/fhir').set('Content-Type', FHIR).send(bundle('transaction')).expect(200);
      assert.deepEqual(tx.body.entry.map((e: { response: { status: string } }) => e.response.status), ['200 OK', '201 Created']);
      assert.equal(tx.body.entry[1].resource.subject.reference, `Patient/${existing.id}`);
      const batch = await request(sb.app)
        .post('/fhir')
        .set('Content-Type', FHIR)
        .send({ resourceType: 'Bundle', type: 'batch', entry: [(bundle('batch').entry as unknown[])[0]] })
        .expect(200);
      assert.equal(batch.body.entry[0].response.status, '200 OK');
      assert.equal(await countOf(sb, `identifier=${MRN}|tx-1`), 1);
    });
  });

  describe('conditional update: PUT [type]?criteria', () => {
    it('creates when nothing matches, updates the one match, and refuses several (412)', async () => {
      const created = await request(sb.app).put(`/fhir/Patient?identifier=${MRN}|u-1`).set('Content-Type', FHIR).send(withMrn('First', 'u-1'));
      assert.equal(created.status, 201);
      const updated = await request(sb.app).put(`/fhir/Patient?identifier=${MRN}|u-1`).set('Content-Type', FHIR).send(withMrn('Second', 'u-1'));
      assert.equal(updated.status, 200);
      assert.equal(updated.body.id, created.body.id);
      assert.equal(updated.body.meta.versionId, '2');
      assert.equal(updated.body.name[0].family, 'Second');
      sb.store.create(withMrn('Other', 'u-many'));
      sb.store.create(withMrn('Other', 'u-many'));
      const many = await request(sb.app).put(`/fhir/Patient?identifier=${MRN}|u-many`).set('Content-Type', FHIR).send(withMrn('Third', 'u-many'));
      assert.equal(many.status, 412);
    });

    it('refuses a body id that is not the match (400), and one that names another resource (409)', async () => {
      const match = sb.store.create(withMrn('Match', 'u-2'));
      const other = sb.store.create(withMrn('Other', 'u-3'));
      const wrongId = await request(sb.app).put(`/fhir/Patient?identifier=${MRN}|u-2`).set('Content-Type', FHIR).send({ ...withMrn('X', 'u-2'), id: other.id });
      assert.equal(wrongId.status, 400);
      const taken = await request(sb.app).put(`/fhir/Patient?identifier=${MRN}|nobody`).set('Content-Type', FHIR).send({ ...withMrn('X', 'nobody'), id: other.id });
      assert.equal(taken.status, 409);
      assert.equal(sb.store.read('Patient', match.id).meta.versionId, '1');
      assert.equal(sb.store.read('Patient', other.id).meta.versionId, '1');
    });

    it('no longer answers a PUT on the type with "PUT is not allowed"', async () => {
      const res = await request(sb.app).put('/fhir/Patient').set('Content-Type', FHIR).send(patient('NoCriteria'));
      assert.equal(res.status, 400);
      assert.match(res.body.issue[0].diagnostics, /Conditional update needs search criteria/);
    });
  });

  describe('conditional delete: DELETE [type]?criteria', () => {
    it('deletes the one match, deletes nothing when none matches, and refuses several (412)', async () => {
      const one = sb.store.create(withMrn('Gone', 'd-1'));
      await request(sb.app).delete(`/fhir/Patient?identifier=${MRN}|d-1`).expect(200);
      assert.equal(sb.store.isDeleted('Patient', one.id), true);
      const none = await request(sb.app).delete(`/fhir/Patient?identifier=${MRN}|d-1`).expect(200);
      assert.match(none.body.issue[0].diagnostics, /nothing was deleted/);
      sb.store.create(withMrn('Stay', 'd-many'));
      sb.store.create(withMrn('Stay', 'd-many'));
      await request(sb.app).delete(`/fhir/Patient?identifier=${MRN}|d-many`).expect(412);
      assert.equal(await countOf(sb, `identifier=${MRN}|d-many`), 2);
    });
  });

  it('lists conditional create, update and delete in the CapabilityStatement', async () => {
    const res = await request(sb.app).get('/fhir/metadata').expect(200);
    const patientEntry = res.body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    assert.equal(patientEntry.conditionalCreate, true);
    assert.equal(patientEntry.conditionalRead, 'full-support');
    assert.equal(patientEntry.conditionalUpdate, true);
    assert.equal(patientEntry.conditionalDelete, 'single');
  });
});

describe('conditional writes under a token see only what the token may see', () => {
  let t: TestSandbox;
  let token: string;
  const fhir = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${t.fhirBase}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': FHIR, ...(init.headers as Record<string, string>) } });
  before(async () => {
    t = await startSandbox();
    token = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.cruds' }, { patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  it("a conditional delete matches only the patient's own records, never another patient's", async () => {
    // enc-3 belongs to pat-2: the criteria name it, but the token cannot see it.
    const res = await fhir('/Encounter?_id=enc-3', { method: 'DELETE' });
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(await res.json()), /nothing was deleted/);
    assert.ok(t.sb.store.peek('Encounter', 'enc-3'), "another patient's encounter is untouched");
  });

  it('a conditional update cannot reach another patient by its criteria', async () => {
    const body = { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pat-1' } };
    const res = await fhir('/Encounter?_id=enc-3', { method: 'PUT', body: JSON.stringify(body) });
    assert.equal(res.status, 201, 'no visible match: a new encounter of the patient is created');
    assert.equal((t.sb.store.read('Encounter', 'enc-3').subject as { reference: string }).reference, 'Patient/pat-2');
    assert.equal(t.sb.store.read('Encounter', 'enc-3').meta.versionId, '1');
  });

  it("a transaction's conditional reference never resolves to another patient", async () => {
    const bundle = (mrn: string): string =>
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient?identifier=urn:oid:1.2.36.146.595.217.0.1|${mrn}` } },
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      });
    const other = await fhir('', { method: 'POST', body: bundle('MRN-0002') });
    assert.equal(other.status, 400, "pat-2's MRN names no patient this token may see");
    assert.match(JSON.stringify(await other.json()), /no Patient matches/);
    const own = await fhir('', { method: 'POST', body: bundle('MRN-0001') });
    assert.equal(own.status, 200);
    const created = ((await own.json()) as { entry: { resource: { subject: { reference: string } } }[] }).entry[0]!.resource;
    assert.equal(created.subject.reference, 'Patient/pat-1');
  });

  it("a conditional create never answers with another patient's matching record", async () => {
    t.sb.store.load([{ resourceType: 'Observation', id: 'obs-p2', status: 'final', code: { coding: [{ system: 'urn:example', code: 'secret' }] }, subject: { reference: 'Patient/pat-2' } }]);
    const body = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'urn:example', code: 'secret' }] }, subject: { reference: 'Patient/pat-1' } };
    const res = await fhir('/Observation', { method: 'POST', body: JSON.stringify(body), headers: { 'if-none-exist': 'code=urn:example|secret' } });
    assert.equal(res.status, 201);
    const created = (await res.json()) as { id: string; subject: { reference: string } };
    assert.notEqual(created.id, 'obs-p2');
    assert.equal(created.subject.reference, 'Patient/pat-1');
  });
});
