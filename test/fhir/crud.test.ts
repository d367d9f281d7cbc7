import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { observation, patient } from './fixtures.js';

const FHIR = 'application/fhir+json';

describe('FHIR create, read, update, delete and history', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
  });
  after(() => sb.close());

  it('creates a resource with 201, Location, ETag and server-assigned id and meta', async () => {
    const res = await request(sb.app)
      .post('/fhir/Patient')
      .set('Content-Type', FHIR)
      .send(JSON.stringify({ ...patient('Create'), id: 'client-chosen', meta: { versionId: '99' } }))
      .expect(201);
    assert.match(res.headers['content-type']!, /^application\/fhir\+json/);
    assert.notEqual(res.body.id, 'client-chosen', 'the id in a create body is ignored');
    assert.equal(res.body.meta.versionId, '1');
    assert.ok(!Number.isNaN(Date.parse(res.body.meta.lastUpdated)));
    assert.equal(res.headers.etag, 'W/"1"');
    assert.match(res.headers.location!, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/fhir/Patient/${res.body.id}/_history/1$`));
    const read = await request(sb.app).get(`/fhir/Patient/${res.body.id}`).expect(200);
    assert.deepEqual(read.body, res.body);
    assert.equal(read.headers.etag, 'W/"1"');
  });

  it('updates with a matching If-Match and refuses a stale one with 412, changing nothing', async () => {
    const created = (await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).send(patient('Update'))).body;
    const v2 = await request(sb.app)
      .put(`/fhir/Patient/${created.id}`)
      .set('Content-Type', FHIR)
      .set('If-Match', 'W/"1"')
      .send({ ...created, gender: 'male' })
      .expect(200);
    assert.equal(v2.body.meta.versionId, '2');
    assert.equal(v2.body.gender, 'male');
    const stale = await request(sb.app)
      .put(`/fhir/Patient/${created.id}`)
      .set('Content-Type', FHIR)
      .set('If-Match', 'W/"1"')
      .send({ ...created, gender: 'other' })
      .expect(412);
    assert.equal(stale.body.resourceType, 'OperationOutcome');
    const now = await request(sb.app).get(`/fhir/Patient/${created.id}`).expect(200);
    assert.equal(now.body.gender, 'male');
    assert.equal(now.body.meta.versionId, '2');
  });

  it('creates on update of an unknown id (201) and keeps every version readable with vread', async () => {
    const res = await request(sb.app)
      .put('/fhir/Patient/chosen-id')
      .set('Content-Type', FHIR)
      .send({ ...patient('Upsert'), id: 'chosen-id' })
      .expect(201);
    assert.equal(res.body.id, 'chosen-id');
    await request(sb.app).put('/fhir/Patient/chosen-id').set('Content-Type', FHIR).send({ ...res.body, active: true }).expect(200);
    const v1 = await request(sb.app).get('/fhir/Patient/chosen-id/_history/1').expect(200);
    assert.equal(v1.body.active, undefined);
    const v2 = await request(sb.app).get('/fhir/Patient/chosen-id/_history/2').expect(200);
    assert.equal(v2.body.active, true);
    await request(sb.app).get('/fhir/Patient/chosen-id/_history/3').expect(404);
  });

  it('deletes: a later read is 410, history shows the deletion, and an update brings it back', async () => {
    const created = (await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).send(patient('Delete'))).body;
    await request(sb.app).delete(`/fhir/Patient/${created.id}`).expect(200);
    const gone = await request(sb.app).get(`/fhir/Patient/${created.id}`).expect(410);
    assert.equal(gone.body.issue[0].code, 'deleted');
    await request(sb.app).delete(`/fhir/Patient/${created.id}`).expect(200);
    await request(sb.app).get(`/fhir/Patient/${created.id}/_history/2`).expect(410);
    const history = await request(sb.app).get(`/fhir/Patient/${created.id}/_history`).expect(200);
    assert.equal(history.body.type, 'history');
    assert.equal(history.body.total, 2);
    assert.deepEqual(
      history.body.entry.map((e: { request: { method: string } }) => e.request.method),
      ['DELETE', 'POST'],
    );
    const back = await request(sb.app)
      .put(`/fhir/Patient/${created.id}`)
      .set('Content-Type', FHIR)
      .send({ ...created })
      .expect(201);
    assert.equal(back.body.meta.versionId, '3');
    await request(sb.app).delete('/fhir/Patient/never-existed').expect(404);
  });

  it('returns copies: changing a read result does not change the store', async () => {
    const created = sb.store.create(patient('Copy'));
    const read = sb.store.read('Patient', created.id);
    (read as { gender?: string }).gender = 'other';
    assert.equal(sb.store.read('Patient', created.id).gender, 'female');
  });

  it('keeps type history across resources, newest first, with working paging links', async () => {
    const p = (await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).send(patient('Hist'))).body;
    for (let i = 0; i < 3; i++) {
      await request(sb.app).post('/fhir/Observation').set('Content-Type', FHIR).send(observation(p.id, '8867-4', 60 + i)).expect(201);
    }
    const page1 = await request(sb.app).get('/fhir/Observation/_history?_count=2').expect(200);
    assert.equal(page1.body.total, 3);
    assert.equal(page1.body.entry.length, 2);
    const next = page1.body.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    const page2 = await request(sb.app).get(new URL(next).pathname + new URL(next).search).expect(200);
    assert.equal(page2.body.entry.length, 1);
    const values = [...page1.body.entry, ...page2.body.entry].map((e: { resource: { valueQuantity: { value: number } } }) => e.resource.valueQuantity.value);
    assert.deepEqual(values.sort(), [60, 61, 62]);
  });

  it('honours Prefer: return=minimal and return=OperationOutcome', async () => {
    const minimal = await request(sb.app)
      .post('/fhir/Patient')
      .set('Content-Type', FHIR)
      .set('Prefer', 'return=minimal')
      .send(patient('Minimal'))
      .expect(201);
    assert.equal(minimal.text, '');
    assert.ok(minimal.headers.location);
    const oo = await request(sb.app)
      .post('/fhir/Patient')
      .set('Content-Type', FHIR)
      .set('Prefer', 'return=OperationOutcome')
      .send(patient('Outcome'))
      .expect(201);
    assert.equal(oo.body.resourceType, 'OperationOutcome');
  });
});
