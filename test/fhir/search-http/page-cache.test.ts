/**
 * The finished pages of repeated searches are kept as bytes (fhir/search/page-cache.ts): a
 * kept page must be byte for byte what the search would answer anew (its own Bundle id and
 * time aside), for every shape of page, and must never outlive a change of the data, a reset,
 * the clock where the search depends on it, or be answered to a token with other access.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../../src/index.js';
import type { Bundle } from '../../../src/fhir/bundle.js';
import type { Resource } from '../../../src/fhir/resource.js';
import { createInstantFormatter } from '../../../src/fhir/search/instant.js';
import { bundleHead, PageCache, pageBytes, pageTail, type KeptPage } from '../../../src/fhir/search/page-cache.js';
import { matchKeys } from './helpers.js';

const observation = (id: string, patient: string, effective = '2024-03-01T10:00:00Z'): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: `Patient/${patient}` },
  performer: [{ reference: 'Practitioner/dr' }],
  effectiveDateTime: effective,
  valueQuantity: { value: 70, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

const DATA: Resource[] = [
  { resourceType: 'Practitioner', id: 'dr' },
  { resourceType: 'Patient', id: 'pa' },
  { resourceType: 'Patient', id: 'pb' },
  observation('o1', 'pa'),
  observation('o2', 'pb'),
  observation('o3', 'pa', '2024-03-02T10:00:00Z'),
  observation('o4', 'pa', '2024-03-03T10:00:00Z'),
];

const HEAD = /^\{"resourceType":"Bundle","id":"([0-9a-f-]{36})","meta":\{"lastUpdated":"([^"]+)"\}/;

/** The body without the Bundle's own id and time, and those two. */
function split(text: string): { rest: string; id: string; lastUpdated: string } {
  const m = HEAD.exec(text);
  assert.ok(m, `a searchset Bundle starting with its id and meta: ${text.slice(0, 120)}`);
  return { rest: text.slice(m[0].length), id: m[1]!, lastUpdated: m[2]! };
}

describe('a kept search page', () => {
  let sb: Sandbox;
  /** Asks `path` `times` times: every answer the same bytes but for the Bundle's id; returns the last. */
  const asked = async (path: string, times = 4): Promise<request.Response> => {
    let first: ReturnType<typeof split> | undefined;
    let last: request.Response | undefined;
    const ids = new Set<string>();
    for (let i = 0; i < times; i++) {
      last = await request(sb.app).get(path).expect(200);
      const now = split(last.text);
      ids.add(now.id);
      if (first) assert.equal(now.rest, first.rest, `answer ${i + 1} of ${path}`);
      else first = now;
      assert.equal(Number(last.headers['content-length']), Buffer.byteLength(last.text));
    }
    assert.equal(ids.size, times, 'every answer has its own Bundle id');
    return last!;
  };
  const keys = async (path: string): Promise<string[]> => matchKeys(await asked(path));

  before(async () => {
    sb = await createSandbox({ patients: 0, open: true, baseUrl: 'http://ehr.test' });
  });
  beforeEach(async () => {
    await sb.reset();
    sb.store.load(DATA);
  });
  after(() => sb.close());

  it('is the same bytes for every shape of page: paging links, _summary, _elements, _include, _revinclude, _total, _sort, ignored parameters', async () => {
    const paths = [
      '/fhir/Observation?patient=pa',
      '/fhir/Observation?patient=pa&_count=1',
      '/fhir/Observation?patient=pa&_count=1&_offset=1',
      '/fhir/Observation?patient=pa&_summary=count',
      '/fhir/Observation?patient=pa&_summary=true',
      '/fhir/Observation?patient=pa&_elements=status',
      '/fhir/Observation?patient=pa&_include=Observation:subject&_include=Observation:performer',
      '/fhir/Patient?_id=pa&_revinclude=Observation:subject',
      '/fhir/Observation?patient=pa&_total=accurate',
      '/fhir/Observation?patient=pa&_sort=-date',
      '/fhir/Observation?patient=pa&unknown-parameter=1',
      '/fhir/Observation?patient=pa&_format=json',
    ];
    const firsts = new Map<string, string>();
    for (const path of paths) firsts.set(path, split((await request(sb.app).get(path).expect(200)).text).rest);
    for (const path of paths) assert.equal(split((await asked(path)).text).rest, firsts.get(path), path);
    // Different pages of the same search are different pages.
    const second = (await asked('/fhir/Observation?patient=pa&_count=1&_offset=1')).body as Bundle;
    assert.deepEqual(second.link.map((l) => l.relation), ['self', 'first', 'previous', 'next', 'last']);
    assert.deepEqual(matchKeys(await asked('/fhir/Observation?patient=pa&_count=1&_offset=1')), ['Observation/o3']);
    const pretty = async (): Promise<string> => {
      const text = (await request(sb.app).get('/fhir/Observation?patient=pa&_pretty=true').expect(200)).text;
      assert.match(text, /^\{\n {2}"resourceType": "Bundle",\n {2}"id": "[0-9a-f-]{36}",\n {2}"meta": \{\n {4}"lastUpdated": "[^"]+"\n {2}\},/);
      return text.replace(/^(?:[^\n]*\n){5}/, '');
    };
    const indented = await pretty();
    for (let i = 0; i < 3; i++) assert.equal(await pretty(), indented, '_pretty=true');
  });

  it('is the same whole body for a conditional request', async () => {
    const path = '/fhir/Observation?patient=pa';
    const got = await asked(path);
    const conditional = await request(sb.app).get(path).set('If-None-Match', 'W/"other"').expect(200);
    assert.equal(split(conditional.text).rest, split(got.text).rest);
    assert.equal(conditional.headers['content-length'], got.headers['content-length']);
  });

  it('is stamped with the time of each answer', async () => {
    const path = '/fhir/Observation?patient=pa';
    const before = split((await asked(path)).text).lastUpdated;
    sb.clock.advance(86_400_000);
    const later = split((await request(sb.app).get(path).expect(200)).text).lastUpdated;
    assert.ok(Date.parse(later) - Date.parse(before) >= 86_400_000, `${before} then ${later}`);
  });

  it('is forgotten on every write: HTTP create, update, patch, delete, conditional delete, transaction (a rolled-back one too), batch; sb.store create, update, delete, load and reset()', async () => {
    const path = '/fhir/Observation?patient=pa';
    assert.deepEqual(await keys(path), ['Observation/o1', 'Observation/o3', 'Observation/o4']);
    await request(sb.app).put('/fhir/Observation/o5').send(observation('o5', 'pa')).expect(201);
    assert.deepEqual(await keys(path), ['Observation/o1', 'Observation/o3', 'Observation/o4', 'Observation/o5']);
    await request(sb.app).post('/fhir/Observation').send(observation('ignored', 'pb')).expect(201);
    await request(sb.app).put('/fhir/Observation/o1').send(observation('o1', 'pb')).expect(200);
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o4', 'Observation/o5']);
    const statusOf = async (): Promise<string[]> => ((await asked(path)).body as { entry: { resource: { status: string } }[] }).entry.map((e) => e.resource.status);
    assert.deepEqual(await statusOf(), ['final', 'final', 'final']);
    await request(sb.app)
      .patch('/fhir/Observation/o3')
      .set('Content-Type', 'application/json-patch+json')
      .send(JSON.stringify([{ op: 'replace', path: '/status', value: 'amended' }]))
      .expect(200);
    assert.deepEqual(await statusOf(), ['amended', 'final', 'final']);
    await request(sb.app).delete('/fhir/Observation/o4').expect(200);
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o5']);
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'PUT', url: 'Observation/o6' }, resource: observation('o6', 'pa') },
        { request: { method: 'DELETE', url: 'Observation/o5' } },
      ],
    };
    await request(sb.app).post('/fhir').send(transaction).expect(200);
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6']);
    const failing = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'DELETE', url: 'Observation/o3' } },
        { request: { method: 'PUT', url: 'Observation/o6', ifMatch: 'W/"9"' }, resource: observation('o6', 'pa') },
      ],
    };
    await request(sb.app).post('/fhir').send(failing).expect(412);
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6'], 'a rolled-back transaction changes nothing');
    const batch = { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'PUT', url: 'Observation/o10' }, resource: observation('o10', 'pa') }] };
    await request(sb.app).post('/fhir').send(batch).expect(200);
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6', 'Observation/o10']);
    await request(sb.app).delete('/fhir/Observation?_id=o10').expect(200);
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6'], 'a conditional delete');
    sb.store.create(observation('ignored', 'pa'), { id: 'o7' });
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6', 'Observation/o7']);
    sb.store.update({ ...observation('o7', 'pb'), id: 'o7' });
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6']);
    sb.store.update({ ...observation('o7', 'pa'), id: 'o7' });
    assert.deepEqual(await keys(path), ['Observation/o3', 'Observation/o6', 'Observation/o7']);
    sb.store.delete('Observation', 'o3');
    assert.deepEqual(await keys(path), ['Observation/o6', 'Observation/o7']);
    sb.store.load([observation('o8', 'pa')]);
    assert.deepEqual(await keys(path), ['Observation/o6', 'Observation/o7', 'Observation/o8']);
    await sb.reset();
    const empty = await asked(path);
    assert.equal((empty.body as Bundle).total, 0, 'the sandbox started empty');
  });

  it('of a search relative to now (the ap prefix) follows the clock', async () => {
    // ap widens the searched day by a tenth of its distance from now (R4 search.html 3.1.1.4.5).
    sb.store.load([observation('old', 'pa', '2019-06-01T00:00:00Z')]);
    const path = '/fhir/Observation?patient=pa&date=ap2020-06-01';
    assert.ok(!(await keys(path)).includes('Observation/old'), 'a year away is outside the margin now');
    sb.clock.advance(30 * 365 * 86_400_000);
    assert.ok((await keys(path)).includes('Observation/old'), 'thirty years later the margin is three years');
  });
});

describe('kept search pages under tokens', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, baseUrl: 'http://ehr.test' });
    // In pa's compartment as a performer, though about pb.
    sb.store.load([...DATA, { ...observation('o9', 'pb'), performer: [{ reference: 'Patient/pa' }] }]);
  });
  after(() => sb.close());

  const ask = async (path: string, token: string): Promise<request.Response> =>
    request(sb.app).get(path).set('Authorization', `Bearer ${token}`).expect(200);

  it('are never answered to a token of another patient or with other scopes', async () => {
    const token = async (patient: string, scope: string): Promise<string> => (await sb.issueToken({ patient, user: `Patient/${patient}`, scope })).access_token;
    const pa = await token('pa', 'launch/patient openid fhirUser patient/Observation.rs patient/Patient.rs');
    const pb = await token('pb', 'launch/patient openid fhirUser patient/Observation.rs patient/Patient.rs');
    const paObservationsOnly = await token('pa', 'launch/patient openid fhirUser patient/Observation.rs');
    const path = '/fhir/Observation?_include=Observation:subject';
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(matchKeys(await ask(path, pa)), ['Observation/o1', 'Observation/o3', 'Observation/o4', 'Observation/o9'], `pa, answer ${i + 1}`);
      assert.deepEqual(matchKeys(await ask(path, pb)), ['Observation/o2', 'Observation/o9'], `pb, answer ${i + 1}`);
      const withPatient = (await ask(path, pa)).body as Bundle;
      const withoutPatient = (await ask(path, paObservationsOnly)).body as Bundle;
      const included = (b: Bundle): string[] => (b.entry ?? []).filter((e) => (e.search as { mode: string }).mode === 'include').map((e) => `${(e.resource as Resource).resourceType}/${(e.resource as Resource).id}`);
      assert.deepEqual(included(withPatient), ['Patient/pa'], 'Patient scope: the patient is included');
      assert.deepEqual(included(withoutPatient), [], 'no Patient scope: nothing included');
    }
  });

  it('narrow a patient criterion to the token\'s compartment where the two differ', async () => {
    const { access_token: pa } = await sb.issueToken({ patient: 'pa', user: 'Patient/pa' });
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(matchKeys(await ask('/fhir/Observation?patient=pa', pa)), ['Observation/o1', 'Observation/o3', 'Observation/o4']);
      assert.deepEqual(matchKeys(await ask('/fhir/Observation?patient=pa,nobody', pa)), ['Observation/o1', 'Observation/o3', 'Observation/o4']);
      assert.deepEqual(matchKeys(await ask('/fhir/Observation?patient=pb', pa)), ['Observation/o9'], 'about pb, performed by pa');
      assert.deepEqual(matchKeys(await ask('/fhir/Observation?patient=pa,pb', pa)), ['Observation/o1', 'Observation/o3', 'Observation/o4', 'Observation/o9']);
    }
  });
});

describe('the page cache', () => {
  const page = (bytes: number, clock?: number): KeptPage => ({
    tail: Buffer.alloc(bytes),
    bundle: { resourceType: 'Bundle', type: 'searchset', link: [] },
    ...(clock === undefined ? {} : { clock }),
  });

  it('keeps a page only for a search asked a second time', () => {
    const cache = new PageCache(10_000);
    assert.equal(cache.get('a', 1, 0), undefined);
    assert.equal(cache.wants('a'), false, 'asked once');
    cache.set('a', 1, page(10));
    assert.equal(cache.get('a', 1, 0), undefined, 'not kept after one ask');
    assert.equal(cache.wants('a'), true, 'asked twice');
    cache.set('a', 1, page(10));
    assert.ok(cache.get('a', 1, 0));
  });

  it('forgets everything when the store moves to another generation', () => {
    const cache = new PageCache(10_000);
    cache.get('a', 1, 0);
    cache.get('a', 1, 0);
    cache.set('a', 1, page(10));
    assert.ok(cache.get('a', 1, 0));
    assert.equal(cache.get('a', 2, 0), undefined);
    assert.deepEqual(cache.size(), { pages: 0, bytes: 0, asked: 1 });
    assert.equal(cache.wants('a'), false, 'what was asked before the change does not count');
  });

  it('gives a page made relative to the clock only at that clock time', () => {
    const cache = new PageCache(10_000);
    cache.get('a', 1, 5);
    cache.get('a', 1, 5);
    cache.set('a', 1, page(10, 5));
    assert.ok(cache.get('a', 1, 5));
    assert.equal(cache.get('a', 1, 6), undefined);
    assert.equal(cache.size().pages, 0, 'the stale page is forgotten');
    assert.equal(cache.get('a', 1, 5), undefined);
  });

  it('is bounded in bytes, forgetting the least recently used pages first', () => {
    const cache = new PageCache(1_000);
    const keep = (key: string, bytes: number): void => {
      cache.get(key, 1, 0);
      cache.get(key, 1, 0);
      cache.set(key, 1, page(bytes));
    };
    keep('a', 200);
    keep('b', 200);
    keep('c', 200);
    assert.ok(cache.get('a', 1, 0), 'a is used again');
    keep('d', 200);
    keep('e', 200);
    assert.ok(cache.size().bytes <= 1_000, `holds ${cache.size().bytes} bytes`);
    assert.equal(cache.get('b', 1, 0), undefined, 'b was the least recently used');
    assert.ok(cache.get('a', 1, 0) && cache.get('e', 1, 0));
    keep('huge', 300);
    assert.equal(cache.get('huge', 1, 0), undefined, 'a page of more than a quarter of the budget is not kept');
    for (let i = 0; i < 100; i++) cache.get(`once-${i}`, 1, 0);
    assert.ok(cache.size().asked * 2 * 'once-00'.length <= 1_000 / 16 + 2 * 'once-00'.length, `remembers ${cache.size().asked} searches asked once`);
  });

  it('splices each answer\'s own id and time before the kept bytes', () => {
    const bundle: Bundle = { resourceType: 'Bundle', id: 'one', meta: { lastUpdated: '2024-01-01T00:00:00.000Z' }, type: 'searchset', link: [{ relation: 'self', url: 'http://x/fhir/Observation?ü=1' }], total: 0 };
    const tail = pageTail(Buffer.from(JSON.stringify(bundle)), 'one', '2024-01-01T00:00:00.000Z');
    assert.ok(tail);
    assert.equal(pageTail(Buffer.from(JSON.stringify(bundle)), 'two', '2024-01-01T00:00:00.000Z'), undefined, 'another head is not cut off');
    const again = Buffer.concat(pageBytes({ tail, bundle }, 'two', '2025-01-01T00:00:00.000Z')).toString();
    assert.equal(again, JSON.stringify({ ...bundle, id: 'two', meta: { lastUpdated: '2025-01-01T00:00:00.000Z' } }));
    assert.ok(again.startsWith(bundleHead('two', '2025-01-01T00:00:00.000Z')));
  });

  it('formats each answer\'s time as toISOString does, whichever way the clock moves', () => {
    const instant = createInstantFormatter();
    for (const ms of [0, 1, 1, 86_400_000, 1, Date.UTC(2026, 11, 1, 5, 0, 0, 123), -1]) assert.equal(instant(ms), new Date(ms).toISOString());
  });
});

describe('kept search pages under a token whose filter on another type reads the clock', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, baseUrl: 'http://ehr.test' });
    sb.store.load([...DATA.filter((r) => r.id !== 'pa'), { resourceType: 'Patient', id: 'pa', birthDate: '2019-06-01' }]);
  });
  after(() => sb.close());

  // The Observations are searched without a filter; the Patients they include or chain to are
  // seen only through a granular filter relative to now (SMART App Launch 2.2, "Finer-grained
  // resource constraints"; ap, R4 search.html 3.1.1.4.5).
  const scope = 'launch/patient openid fhirUser patient/Observation.rs patient/Patient.rs?birthdate=ap2020-06-01';
  const ask = async (path: string): Promise<Bundle> => {
    const { access_token: token } = await sb.issueToken({ patient: 'pa', user: 'Patient/pa', scope });
    return (await request(sb.app).get(path).set('Authorization', `Bearer ${token}`).expect(200)).body as Bundle;
  };
  let start = 0;
  beforeEach(() => {
    start ||= sb.clock.now();
    sb.clock.set(start);
  });
  const keysOf = (b: Bundle): string[] => (b.entry ?? []).map((e) => `${(e.resource as Resource).resourceType}/${(e.resource as Resource).id}`);

  it('include the other type as the filter admits it at the time of each answer', async () => {
    const path = '/fhir/Observation?patient=pa&_include=Observation:subject';
    for (let i = 0; i < 3; i++) assert.ok(!keysOf(await ask(path)).includes('Patient/pa'), `a year away is outside the margin now (answer ${i + 1})`);
    sb.clock.advance(30 * 365 * 86_400_000);
    assert.ok(keysOf(await ask(path)).includes('Patient/pa'), 'thirty years later the margin is three years');
  });

  it('chain to the other type as the filter admits it at the time of each answer', async () => {
    const path = '/fhir/Observation?subject:Patient.gender:missing=true';
    for (let i = 0; i < 3; i++) assert.deepEqual(keysOf(await ask(path)), [], `a year away is outside the margin now (answer ${i + 1})`);
    sb.clock.advance(30 * 365 * 86_400_000);
    assert.deepEqual(keysOf(await ask(path)), ['Observation/o1', 'Observation/o3', 'Observation/o4'], 'thirty years later the margin is three years');
  });
});

describe('kept search pages and the base URL', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.load(DATA);
  });
  after(() => sb.close());

  it('are kept per base URL: a page asked through one host name is never answered through another', async () => {
    const path = '/fhir/Observation?patient=pa&_include=Observation:subject';
    const urls = async (host: string): Promise<string[]> =>
      (((await request(sb.app).get(path).set('Host', host).expect(200)).body as Bundle).entry ?? []).map((e) => e.fullUrl as string).concat(
        ((await request(sb.app).get(path).set('Host', host).expect(200)).body as Bundle).link.map((l) => l.url),
      );
    for (let i = 0; i < 3; i++) assert.ok((await urls('localhost:3000')).every((u) => u.startsWith('http://localhost:3000/fhir/')), `one host, answer ${i + 1}`);
    for (let i = 0; i < 3; i++) assert.ok((await urls('127.0.0.1:4000')).every((u) => u.startsWith('http://127.0.0.1:4000/fhir/')), `another host, answer ${i + 1}`);
    assert.ok((await urls('localhost:3000')).every((u) => u.startsWith('http://localhost:3000/fhir/')), 'the first host again');
  });
});

describe('kept search pages, faults and events', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, baseUrl: 'http://ehr.test' });
    sb.store.load(DATA);
  });
  after(() => sb.close());

  it('still meet an injected FHIR fault, and still emit the request\'s event with its access decision', async () => {
    const { access_token: token } = await sb.issueToken({ patient: 'pa', user: 'Patient/pa' });
    const path = '/fhir/Observation?patient=pa';
    const ask = () => request(sb.app).get(path).set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 3; i++) await ask().expect(200);
    sb.faults.inject({ at: 'fhir', status: 503, retryAfter: 3, times: 1 });
    const failed = await ask().expect(503);
    assert.equal(failed.body.resourceType, 'OperationOutcome');
    assert.equal(failed.headers['retry-after'], '3');
    sb.faults.inject({ at: 'fhir', status: 500, resourceType: 'Observation', times: 1 });
    await ask().expect(500);
    const events: { type: string; status?: number; decision?: { allowed: boolean; scope?: string } }[] = [];
    const stop = sb.events.on('*', (e) => events.push(e as (typeof events)[number]));
    try {
      const kept = await ask().expect(200);
      assert.deepEqual(matchKeys(kept), ['Observation/o1', 'Observation/o3', 'Observation/o4']);
    } finally {
      stop();
    }
    const call = events.find((e) => e.type === 'fhir.request');
    assert.equal(call?.status, 200);
    assert.equal(call?.decision?.allowed, true);
    assert.ok(call?.decision?.scope, 'the scope that allowed it');
  });
});

describe('kept search pages and strict handling', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true, baseUrl: 'http://ehr.test' });
    sb.store.load(DATA);
  });
  after(() => sb.close());

  it('keep a lenient answer\'s warning, and never answer a strict request that must be refused', async () => {
    const path = '/fhir/Observation?patient=pa&unknown-parameter=1';
    for (let i = 0; i < 3; i++) {
      const bundle = (await request(sb.app).get(path).expect(200)).body as Bundle;
      const notice = (bundle.entry ?? []).find((e) => (e.search as { mode: string }).mode === 'outcome');
      assert.match(JSON.stringify(notice?.resource), /unknown-parameter/, `lenient, answer ${i + 1}`);
      await request(sb.app).get(path).set('Prefer', 'handling=strict').expect(400);
    }
    for (let i = 0; i < 3; i++) await request(sb.app).get('/fhir/Observation?patient=pa').set('Prefer', 'handling=strict').expect(200);
    await request(sb.app).get('/fhir/Observation?patient=pa&_format=xml').expect(406);
  });
});
