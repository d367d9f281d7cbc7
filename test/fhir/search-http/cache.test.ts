import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../../src/index.js';
import type { Resource } from '../../../src/fhir/resource.js';
import { createSearchCache } from '../../../src/fhir/search/cache.js';
import type { StoredResource } from '../../../src/fhir/resource.js';
import { getTokens } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { matchKeys, type Bundle } from './helpers.js';

const observation = (id: string, patient: string, effective = '2024-03-01T10:00:00Z'): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: effective,
  valueQuantity: { value: 70, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

const DATA: Resource[] = [
  { resourceType: 'Patient', id: 'pa' },
  { resourceType: 'Patient', id: 'pb' },
  observation('o1', 'pa'),
  observation('o2', 'pb'),
  observation('o3', 'pa'),
];

/**
 * The matches of a search are kept until the data changes (fhir/search/cache.ts): every way
 * of changing the data, and the clock where a search depends on it, must show in the next
 * answer to the very same query.
 */
describe('a repeated search sees every change', () => {
  let sb: Sandbox;
  const PATH = '/fhir/Observation?patient=pa';
  const keys = async (path = PATH): Promise<string[]> => matchKeys(await request(sb.app).get(path).expect(200));

  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
  });
  beforeEach(async () => {
    await sb.reset();
    sb.store.load(DATA);
  });
  after(() => sb.close());

  it('answers the same query the same way, in creation order', async () => {
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3']);
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3']);
  });

  it('a create, an update that moves a resource to another patient, and a delete', async () => {
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3']);
    await request(sb.app).put('/fhir/Observation/o4').send(observation('o4', 'pa')).expect(201);
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3', 'Observation/o4']);
    await request(sb.app).put('/fhir/Observation/o1').send(observation('o1', 'pb')).expect(200);
    assert.deepEqual(await keys(), ['Observation/o3', 'Observation/o4']);
    assert.deepEqual(await keys('/fhir/Observation?patient=pb'), ['Observation/o1', 'Observation/o2'], 'an updated resource keeps its place in creation order');
    await request(sb.app).put('/fhir/Observation/o1').send(observation('o1', 'pa')).expect(200);
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3', 'Observation/o4']);
    await request(sb.app).delete('/fhir/Observation/o3').expect(200);
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o4']);
  });

  it('a transaction; a rolled-back one changes nothing', async () => {
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3']);
    const failing = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'PUT', url: 'Observation/o5' }, resource: observation('o5', 'pa') },
        { request: { method: 'DELETE', url: 'Observation/o1' } },
        { request: { method: 'PUT', url: 'Observation/o3', ifMatch: 'W/"9"' }, resource: observation('o3', 'pa') },
      ],
    };
    const refused = await request(sb.app).post('/fhir').send(failing);
    assert.equal(refused.status, 412, JSON.stringify(refused.body));
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3']);
    const passing = { ...failing, entry: failing.entry.slice(0, 2) };
    await request(sb.app).post('/fhir').send(passing).expect(200);
    assert.deepEqual(await keys(), ['Observation/o3', 'Observation/o5']);
  });

  it('writes through sb.store, and reset()', async () => {
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3']);
    sb.store.create(observation('ignored', 'pa'), { id: 'o6' });
    assert.deepEqual(await keys(), ['Observation/o1', 'Observation/o3', 'Observation/o6']);
    sb.store.delete('Observation', 'o1');
    assert.deepEqual(await keys(), ['Observation/o3', 'Observation/o6']);
    sb.store.load([observation('o7', 'pa')]);
    assert.deepEqual(await keys(), ['Observation/o3', 'Observation/o6', 'Observation/o7']);
    await sb.reset();
    assert.deepEqual(await keys(), [], 'the sandbox started empty');
  });

  it('other pages of a kept search, with links that page through it', async () => {
    sb.store.load([observation('o8', 'pa'), observation('o9', 'pa')]);
    const first = await request(sb.app).get(`${PATH}&_count=2`).expect(200);
    assert.deepEqual(matchKeys(first), ['Observation/o1', 'Observation/o3']);
    const next = (first.body as Bundle).link.find((l) => l.relation === 'next')!.url;
    const second = await request(sb.app).get(new URL(next).pathname + new URL(next).search).expect(200);
    assert.deepEqual(matchKeys(second), ['Observation/o8', 'Observation/o9']);
    assert.equal((second.body as Bundle).total, 4);
    assert.deepEqual((second.body as Bundle).link.map((l) => l.relation), ['self', 'first', 'previous', 'last']);
  });

  it('a search relative to now (the ap prefix) follows the clock', async () => {
    // ap widens the searched day by a tenth of its distance from now (R4 search.html 3.1.1.4.5).
    sb.store.load([observation('old', 'pa', '2019-06-01T00:00:00Z')]);
    const path = `${PATH}&date=ap2020-06-01`;
    const before = await keys(path);
    assert.ok(!before.includes('Observation/old'), `a year away is outside the margin now: ${before.join(', ')}`);
    sb.clock.advance(30 * 365 * 86_400_000);
    assert.ok((await keys(path)).includes('Observation/old'), 'thirty years later the margin is three years');
  });
});

describe('searches under different tokens are kept apart', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('the same query under two patients\' tokens gives each their own', async () => {
    const ids = async (token: string): Promise<string[]> => {
      const res = await fetch(`${t.fhirBase}/Encounter?_count=200`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as Bundle;
      return (body.entry ?? []).map((e) => String((e.resource.subject as { reference: string }).reference));
    };
    const one = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
    const two = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-2' })).access_token;
    for (let i = 0; i < 2; i++) {
      const first = await ids(one);
      const second = await ids(two);
      assert.ok(first.length > 0 && first.every((r) => r === 'Patient/pat-1'), `${first.length}: ${first.join(', ')}`);
      assert.ok(second.length > 0 && second.every((r) => r === 'Patient/pat-2'), second.join(', '));
    }
  });
});

describe('the searchset cache is bounded', () => {
  const resources = (n: number): StoredResource[] =>
    Array.from({ length: n }, (_, i) => ({ resourceType: 'Basic', id: `b${i}`, meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00Z' } }) as StoredResource);

  it('keeps at most the given number of searches and matches, dropping the least recently used', () => {
    const cache = createSearchCache({ entries: 2, matches: 100 });
    cache.set('a', 1, resources(10));
    cache.set('b', 1, resources(10));
    assert.ok(cache.get('a', 1), 'a is kept');
    cache.set('c', 1, resources(10));
    assert.equal(cache.get('b', 1), undefined, 'b was the least recently used');
    assert.ok(cache.get('a', 1) && cache.get('c', 1));
    cache.set('d', 1, resources(20));
    cache.set('e', 1, resources(20));
    assert.ok(cache.size().matches <= 100 && cache.size().entries <= 2);
    cache.set('huge', 1, resources(26));
    assert.equal(cache.get('huge', 1), undefined, 'a search with more than a quarter of the matches is not kept');
  });

  it('forgets everything when the store moves to another generation', () => {
    const cache = createSearchCache();
    cache.set('a', 1, resources(3));
    assert.ok(cache.get('a', 1));
    assert.equal(cache.get('a', 2), undefined);
    assert.deepEqual(cache.size(), { entries: 0, matches: 0 });
  });
});
