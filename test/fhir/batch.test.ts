import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { observation, patient } from './fixtures.js';

const FHIR = 'application/fhir+json';

describe('batch and transaction', () => {
  let sb: Sandbox;
  let existing: string;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    existing = sb.store.create(patient('Existing')).id;
  });
  after(() => sb.close());

  it('runs a transaction: urn:uuid references point at the new ids', async () => {
    const res = await request(sb.app)
      .post('/fhir')
      .set('Content-Type', FHIR)
      .send({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:obs-1', resource: observation('placeholder'), request: { method: 'POST', url: 'Observation' } },
          { fullUrl: 'urn:uuid:pat-1', resource: patient('Transacted'), request: { method: 'POST', url: 'Patient' } },
        ].map((e, i) =>
          i === 0 ? { ...e, resource: { ...e.resource, subject: { reference: 'urn:uuid:pat-1' } } } : e,
        ),
      })
      .expect(200);
    assert.equal(res.body.type, 'transaction-response');
    assert.deepEqual(res.body.entry.map((e: { response: { status: string } }) => e.response.status), ['201 Created', '201 Created']);
    const obs = res.body.entry[0].resource;
    const pat = res.body.entry[1].resource;
    assert.equal(obs.subject.reference, `Patient/${pat.id}`);
    const search = await request(sb.app).get(`/fhir/Observation?patient=${pat.id}`).expect(200);
    assert.equal(search.body.total, 1);
  });

  it('undoes every write of a failed transaction and says which entry failed', async () => {
    const before = JSON.stringify(sb.store.typeHistory());
    const res = await request(sb.app)
      .post('/fhir')
      .set('Content-Type', FHIR)
      .send({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: patient('WillVanish'), request: { method: 'POST', url: 'Patient' } },
          { resource: { ...patient('Changed'), id: existing }, request: { method: 'PUT', url: `Patient/${existing}` } },
          { request: { method: 'DELETE', url: `Patient/${existing}` } },
          { resource: { ...patient('Stale'), id: 'x1' }, request: { method: 'PUT', url: 'Patient/x1', ifMatch: 'W/"7"' } },
        ],
      });
    assert.equal(res.status, 412);
    assert.match(res.body.issue[0].diagnostics, /transaction entry 3 failed, nothing was changed/);
    assert.equal(JSON.stringify(sb.store.typeHistory()), before);
    assert.equal(sb.store.read('Patient', existing).meta.versionId, '1');
  });

  it('answers each batch entry on its own, errors included', async () => {
    const res = await request(sb.app)
      .post('/fhir')
      .set('Content-Type', FHIR)
      .send({
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { request: { method: 'GET', url: `Patient/${existing}` } },
          { request: { method: 'GET', url: 'Patient/missing' } },
          { resource: { resourceType: 'Patient', gender: 'robot' }, request: { method: 'POST', url: 'Patient' } },
          { request: { method: 'GET', url: 'Patient?name=Existing' } },
        ],
      })
      .expect(200);
    assert.equal(res.body.type, 'batch-response');
    const statuses = res.body.entry.map((e: { response: { status: string } }) => e.response.status);
    assert.deepEqual(statuses, ['200 OK', '404', '400', '200 OK']);
    assert.equal(res.body.entry[0].resource.id, existing);
    assert.equal(res.body.entry[1].response.outcome.resourceType, 'OperationOutcome');
    assert.equal(res.body.entry[3].resource.total, 1);
  });

  it('refuses a Bundle that is not a batch or transaction', async () => {
    const res = await request(sb.app).post('/fhir').set('Content-Type', FHIR).send({ resourceType: 'Bundle', type: 'collection' }).expect(400);
    assert.match(res.body.issue[0].diagnostics, /batch or transaction/);
  });
});
