import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { observation, patient } from './fixtures.js';

const FHIR = 'application/fhir+json';

describe('referential integrity on write (as HAPI enforces it)', () => {
  let sb: Sandbox;
  let pat: string;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true, baseUrl: 'http://ehr.test' });
    pat = sb.store.create(patient('Real')).id;
  });
  after(() => sb.close());

  it('refuses a create whose reference names a resource that does not exist, and stores nothing', async () => {
    const before = sb.store.count('Observation');
    const res = await request(sb.app).post('/fhir/Observation').set('Content-Type', FHIR).send(observation('does-not-exist'));
    assert.equal(res.status, 400);
    assert.match(res.body.issue[0].diagnostics, /Patient\/does-not-exist points at no resource on this server/);
    assert.equal(sb.store.count('Observation'), before);
    await request(sb.app).post('/fhir/Observation').set('Content-Type', FHIR).send(observation(pat)).expect(201);
  });

  it('refuses an update that points at a deleted resource, and absolute references to this server alike', async () => {
    const gone = sb.store.create(patient('Gone')).id;
    sb.store.delete('Patient', gone);
    const obs = sb.store.create(observation(pat));
    const res = await request(sb.app).put(`/fhir/Observation/${obs.id}`).set('Content-Type', FHIR).send({ ...observation(gone), id: obs.id });
    assert.equal(res.status, 400);
    assert.match(res.body.issue[0].diagnostics, /deleted/);
    const absolute = { ...observation(pat), id: obs.id, subject: { reference: 'http://ehr.test/fhir/Patient/nope' } };
    assert.equal((await request(sb.app).put(`/fhir/Observation/${obs.id}`).set('Content-Type', FHIR).send(absolute)).status, 400);
    const elsewhere = { ...observation(pat), id: obs.id, performer: [{ reference: 'https://other.example/fhir/Practitioner/1' }] };
    await request(sb.app).put(`/fhir/Observation/${obs.id}`).set('Content-Type', FHIR).send(elsewhere).expect(200);
  });

  it('refuses urn:uuid and conditional references outside a transaction', async () => {
    const urn = await request(sb.app).post('/fhir/Observation').set('Content-Type', FHIR).send({ ...observation(pat), subject: { reference: 'urn:uuid:abc' } });
    assert.equal(urn.status, 400);
    assert.match(urn.body.issue[0].diagnostics, /urn:uuid:abc/);
    const conditional = await request(sb.app)
      .post('/fhir/Observation')
      .set('Content-Type', FHIR)
      .send({ ...observation(pat), subject: { reference: 'Patient?identifier=x|y' } });
    assert.equal(conditional.status, 400);
    assert.match(conditional.body.issue[0].diagnostics, /conditional/);
  });

  it('checks a transaction once every entry has run, so entries may refer to each other in any order', async () => {
    const res = await request(sb.app)
      .post('/fhir')
      .set('Content-Type', FHIR)
      .send({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:o', resource: { ...observation('x'), subject: { reference: 'urn:uuid:p' } }, request: { method: 'POST', url: 'Observation' } },
          { fullUrl: 'urn:uuid:p', resource: patient('Later'), request: { method: 'POST', url: 'Patient' } },
        ],
      });
    assert.equal(res.status, 200);
    const bad = await request(sb.app)
      .post('/fhir')
      .set('Content-Type', FHIR)
      .send({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: observation('nobody'), request: { method: 'POST', url: 'Observation' } }] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.issue[0].diagnostics, /nothing was changed.*Patient\/nobody/);
  });

  it('states the policy in the CapabilityStatement', async () => {
    const res = await request(sb.app).get('/fhir/metadata').expect(200);
    assert.deepEqual(res.body.rest[0].resource[0].referencePolicy, ['literal', 'enforced', 'local']);
  });
});

describe('the referentialIntegrity option relaxes the check', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true, referentialIntegrity: false });
  });
  after(() => sb.close());

  it('stores references that point nowhere, as sent', async () => {
    const res = await request(sb.app).post('/fhir/Observation').set('Content-Type', FHIR).send(observation('does-not-exist')).expect(201);
    assert.equal(res.body.subject.reference, 'Patient/does-not-exist');
    const metadata = await request(sb.app).get('/fhir/metadata').expect(200);
    assert.deepEqual(metadata.body.rest[0].resource[0].referencePolicy, ['literal', 'local']);
  });
});

describe('transactions take their ids from the store, so the same seed gives the same ids', () => {
  it('two sandboxes with one seed answer the same transaction with the same ids', async () => {
    const ids: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const sb = await createSandbox({ patients: 0, open: true, seed: 7 });
      const res = await request(sb.app)
        .post('/fhir')
        .set('Content-Type', FHIR)
        .send({
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            { fullUrl: 'urn:uuid:p', resource: patient('Same'), request: { method: 'POST', url: 'Patient' } },
            { resource: { ...observation('x'), subject: { reference: 'urn:uuid:p' } }, request: { method: 'POST', url: 'Observation' } },
          ],
        })
        .expect(200);
      ids.push([res.body.id, ...res.body.entry.map((e: { resource: { id: string } }) => e.resource.id)]);
      await sb.close();
    }
    assert.deepEqual(ids[0], ids[1]);
    assert.match(ids[0]![1]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
