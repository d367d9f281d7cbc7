import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { observation, patient } from './fixtures.js';

type Link = { relation: string; url: string };
type Entry = { fullUrl: string; resource: { id: string; resourceType: string }; search: { mode: string } };

const relative = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

describe('FHIR search over HTTP', () => {
  let sb: Sandbox;
  let alice: string;
  let bob: string;
  before(async () => {
    sb = await createSandbox({ patients: 0, defaultPageSize: 5, maxPageSize: 5, open: true });
    alice = sb.store.create(patient('Alice')).id;
    bob = sb.store.create(patient('Bob', { gender: 'male', birthDate: '1950-01-01' })).id;
    for (let i = 0; i < 12; i++) sb.store.create(observation(alice, '8867-4', 60 + i));
    sb.store.create(observation(bob, '9279-1', 16));
  });
  after(() => sb.close());

  it('returns a searchset with total, absolute links, fullUrl and search.mode', async () => {
    const res = await request(sb.app).get(`/fhir/Observation?patient=${alice}&_count=5`).expect(200);
    assert.equal(res.body.resourceType, 'Bundle');
    assert.equal(res.body.type, 'searchset');
    assert.equal(res.body.total, 12);
    assert.equal(res.body.entry.length, 5);
    for (const entry of res.body.entry as Entry[]) {
      assert.equal(entry.search.mode, 'match');
      assert.match(entry.fullUrl, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/fhir/Observation/${entry.resource.id}$`));
    }
    const relations = (res.body.link as Link[]).map((l) => l.relation);
    assert.deepEqual(relations, ['self', 'first', 'next', 'last']);
    for (const link of res.body.link as Link[]) assert.match(link.url, /^http:\/\/127\.0\.0\.1:\d+\/fhir\/Observation\?/);
  });

  it('pages through every match once, in a stable order, with next and previous links', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/fhir/Observation?patient=${alice}&_count=5`;
    let pages = 0;
    let last: request.Response | undefined;
    while (url) {
      last = await request(sb.app).get(url).expect(200);
      seen.push(...(last.body.entry as Entry[]).map((e) => e.resource.id));
      const next: Link | undefined = (last.body.link as Link[]).find((l) => l.relation === 'next');
      url = next ? relative(next.url) : undefined;
      pages++;
    }
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 12);
    const previous = (last!.body.link as Link[]).find((l) => l.relation === 'previous')!;
    const back = await request(sb.app).get(relative(previous.url)).expect(200);
    assert.deepEqual((back.body.entry as Entry[]).map((e) => e.resource.id), seen.slice(5, 10));
  });

  it('caps _count at the maximum page size', async () => {
    const res = await request(sb.app).get('/fhir/Observation?_count=1000').expect(200);
    assert.equal(res.body.entry.length, 5);
    assert.equal(res.body.total, 13);
  });

  it('gives the same result for POST _search as for GET', async () => {
    const get = await request(sb.app).get(`/fhir/Observation?patient=${bob}`).expect(200);
    const post = await request(sb.app)
      .post('/fhir/Observation/_search')
      .type('form')
      .send({ patient: bob })
      .expect(200);
    assert.equal(post.body.total, 1);
    assert.deepEqual(
      post.body.entry.map((e: Entry) => e.resource.id),
      get.body.entry.map((e: Entry) => e.resource.id),
    );
  });

  it('includes the referenced patient with search.mode include', async () => {
    const res = await request(sb.app).get(`/fhir/Observation?patient=${bob}&_include=Observation:patient`).expect(200);
    const modes = (res.body.entry as Entry[]).map((e) => `${e.resource.resourceType}:${e.search.mode}`);
    assert.deepEqual(modes, ['Observation:match', 'Patient:include']);
  });

  it('counts only with _summary=count', async () => {
    const res = await request(sb.app).get(`/fhir/Observation?patient=${alice}&_summary=count`).expect(200);
    assert.equal(res.body.total, 12);
    assert.equal(res.body.entry, undefined);
  });

  it('refuses a bad search value with 400, and names ignored parameters otherwise', async () => {
    const bad = await request(sb.app).get('/fhir/Patient?birthdate=yesterday').expect(400);
    assert.equal(bad.body.resourceType, 'OperationOutcome');
    assert.match(bad.body.issue[0].diagnostics, /birthdate/);
    const lenient = await request(sb.app).get('/fhir/Patient?shoe-size=9').expect(200);
    const outcome = (lenient.body.entry as Entry[]).find((e) => e.search.mode === 'outcome');
    assert.ok(outcome, 'an outcome entry names the ignored parameter');
    assert.equal(lenient.body.total, 2);
    await request(sb.app).get('/fhir/Patient?shoe-size=9').set('Prefer', 'handling=strict').expect(400);
  });

  it('searches patients by gender, birthdate and name', async () => {
    const res = await request(sb.app).get('/fhir/Patient?gender=male&birthdate=lt1960&name=bo').expect(200);
    assert.deepEqual(res.body.entry.map((e: Entry) => e.resource.id), [bob]);
  });
});
