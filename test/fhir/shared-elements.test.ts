/**
 * The default seed hands the store charts whose repeated elements (Codings, concepts,
 * References, profile lists, performer lists...) are one deep-frozen object shared by many
 * resources, and the store keeps and serves those very objects. No request may change one:
 * an attempt would either fail (a TypeError, so a 500) or change every other resource that
 * shares it. This runs the requests that shape, copy or rewrite resources (search with
 * `_summary`, `_elements`, `_include`, `_revinclude` and `_sort`, reads, `$everything`,
 * JSON Patch, batch and transaction writes of seeded resources, conditional writes, the
 * chart page, the CapabilityStatement, the inspector) over HTTP against a default sandbox,
 * and checks that none answers 500 and that every resource it did not write is byte for byte
 * as seeded; a reset then gives back the seed exactly.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { createManualClock, createSandbox, type Sandbox } from '../../src/index.js';
import type { StoredResource } from '../../src/fhir/resource.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';

const FHIR = 'application/fhir+json';

/** An Observation as these tests change it. */
type Coded = Record<string, unknown> & { code: { coding: { display?: string }[] }; category: unknown[] };
const JSON_PATCH = 'application/json-patch+json';

let sb: Sandbox;
/** Every seeded resource as `Type/id` -> its JSON, before any request. */
let seeded: Map<string, string>;

/** Every current resource of the store as `Type/id` -> its JSON. */
function stored(sb: Sandbox): Map<string, string> {
  const out = new Map<string, string>();
  for (const type of sb.store.types()) for (const r of sb.store.all(type)) out.set(`${r.resourceType}/${r.id}`, JSON.stringify(r));
  return out;
}

/** True when `value` holds a frozen object or array at any depth. */
function holdsFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Object.isFrozen(value)) return true;
  return Object.values(value).some(holdsFrozen);
}

before(async () => {
  sb = await createSandbox({ open: true, keyFile: TEST_KEY_FILE, clock: createManualClock(Date.parse('2026-06-01T12:00:00.000Z')) });
  seeded = stored(sb);
});

after(() => sb.close());

/** Observations of one patient whose code, category and subject are frozen shared elements. */
function sharedObservations(sb: Sandbox): { patient: string; observations: Readonly<StoredResource>[] } {
  for (const patient of sb.store.all('Patient')) {
    const observations = [...sb.store.all('Observation')].filter(
      (o) => (o.subject as { reference?: string } | undefined)?.reference === `Patient/${patient.id}` && Object.isFrozen(o.code) && Array.isArray(o.category) && Object.isFrozen(o.category),
    );
    if (observations.length >= 9) return { patient: patient.id, observations };
  }
  throw new Error('no patient with nine observations of shared elements');
}

test('the default seed shares frozen elements between resources (what the rest of this file relies on)', () => {
  const { observations } = sharedObservations(sb);
  const first = observations[0]!;
  const twin = [...sb.store.all('Observation')].find((o) => o !== first && o.code === first.code);
  assert.ok(twin, 'two observations with one shared code');
  assert.ok(holdsFrozen(sb.store.peek('Patient', sharedObservations(sb).patient)));
});

/**
 * Runs the requests on `sb` and checks that none answered 500, that every resource of `before`
 * they did not write is unchanged, and that a reset gives `before` back.
 */
async function changeNothingElse(sb: Sandbox, before: Map<string, string>): Promise<void> {
  const agent = request(sb.app);
  const { patient, observations } = sharedObservations(sb);
  const [o1, o2, o3, o4, o5, o6, o7, o8] = observations.map((o) => o.id) as [string, string, string, string, string, string, string, string];
  const written = new Set<string>();
  const failures: string[] = [];
  const check = async (what: string, res: request.Response | Promise<request.Response>): Promise<request.Response> => {
    const r = await res;
    if (r.status >= 500) failures.push(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
    return r;
  };
  const get = (path: string) => check(`GET ${path}`, agent.get(path));

  // Searches that shape resources: subsetting (meta.tag SUBSETTED), includes, sorting.
  for (const query of [
    `Observation?patient=${patient}&_summary=true`,
    `Observation?patient=${patient}&_summary=data`,
    `Observation?patient=${patient}&_summary=text`,
    `Observation?patient=${patient}&_summary=count`,
    `Observation?patient=${patient}&_elements=code,status,meta`,
    `Observation?patient=${patient}&_include=Observation:patient&_include=Observation:performer&_revinclude=Provenance:target`,
    `Observation?patient=${patient}&_sort=-date,code&_count=5`,
    `Observation?patient=${patient}&_sort=code&_include=Observation:encounter&_summary=true`,
    `Patient?_id=${patient}&_revinclude=Observation:patient&_revinclude=Condition:patient&_elements=name`,
    `Patient?_id=${patient}&_revinclude:iterate=Provenance:target&_revinclude=Encounter:patient`,
    `Condition?patient=${patient}&_sort=-onset-date&_summary=true`,
    `MedicationRequest?patient=${patient}&_include=MedicationRequest:medication&_include=MedicationRequest:requester`,
    `Encounter?patient=${patient}&_include=Encounter:practitioner&_include=Encounter:location&_sort=date`,
    `Provenance?patient=${patient}&_include=Provenance:agent&_sort=-_lastUpdated`,
    `Practitioner?_has:Encounter:practitioner:patient=${patient}&_summary=true`,
    `Observation?code:text=blood&_sort=value-quantity&_count=3`,
  ]) {
    await get(`/fhir/${query}`);
  }
  // Reads and subsetted reads, $everything, history, the CapabilityStatement, the pages.
  for (const path of [
    `/fhir/Observation/${o1}?_summary=true`,
    `/fhir/Observation/${o1}?_elements=code`,
    `/fhir/Observation/${o1}/_history/1?_summary=data`,
    `/fhir/Patient/${patient}?_elements=name,address`,
    `/fhir/Patient/${patient}/$everything`,
    `/fhir/Patient/${patient}/$everything?_type=Observation,Provenance&_count=7`,
    `/fhir/Observation/${o1}/_history`,
    `/fhir/Observation/${o1}/$validate`,
    `/fhir/Patient/${patient}/$validate?profile=http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient`,
    '/fhir/Observation/_history?_count=5',
    '/fhir/_history?_count=5',
    `/fhir?_type=Observation,Condition,Encounter&patient=${patient}&_summary=true&_sort=-_lastUpdated`,
    '/fhir/metadata',
    `/patients/${patient}`,
    '/patients',
    '/inspector',
  ]) {
    await get(path);
  }
  await check('POST _search', agent.post('/fhir/Observation/_search').type('form').send(`patient=${patient}&_elements=code&_include=Observation:patient`));
  await check('POST $validate', agent.post(`/fhir/Observation/${o1}/$validate`).set('Content-Type', FHIR).send(JSON.stringify(sb.store.read('Observation', o1))));

  // JSON Patch of a seeded resource, into shared Codings, lists and meta.
  const patched = await check(
    'PATCH',
    agent
      .patch(`/fhir/Observation/${o1}`)
      .set('Content-Type', JSON_PATCH)
      .send(
        JSON.stringify([
          { op: 'replace', path: '/code/coding/0/display', value: 'Patched display' },
          { op: 'add', path: '/code/coding/-', value: { system: 'http://example.org', code: 'x' } },
          { op: 'add', path: '/category/0/coding/-', value: { system: 'http://example.org', code: 'y' } },
          { op: 'add', path: '/meta/tag', value: [{ system: 'http://example.org', code: 'patched' }] },
          { op: 'replace', path: '/subject/display', value: 'Patched subject' },
        ]),
      ),
  );
  assert.equal(patched.status, 200, patched.text);
  written.add(`Observation/${o1}`);

  // A FHIRPath Patch (a Parameters resource) is refused as such, not with a 500.
  const fhirPathPatch = {
    resourceType: 'Parameters',
    parameter: [{ name: 'operation', part: [{ name: 'type', valueCode: 'replace' }, { name: 'path', valueString: 'Observation.code.coding[0].display' }, { name: 'value', valueString: 'x' }] }],
  };
  const refused = await check('FHIRPath Patch', agent.patch(`/fhir/Observation/${o2}`).set('Content-Type', FHIR).send(JSON.stringify(fhirPathPatch)));
  assert.equal(refused.status, 415, refused.text);

  // A client reads a seeded resource, changes its shared elements and PUTs it back.
  const changed = (id: string, note: string): Record<string, unknown> => {
    const r = sb.store.read('Observation', id) as unknown as Coded;
    r.code.coding[0]!.display = note;
    r.category.reverse();
    r.category.push({ text: note });
    return r;
  };
  const put = await check('PUT', agent.put(`/fhir/Observation/${o2}`).set('Content-Type', FHIR).send(JSON.stringify(changed(o2, 'Put'))));
  assert.equal(put.status, 200, put.text);
  written.add(`Observation/${o2}`);
  const conditional = await check(
    'conditional PUT',
    agent.put(`/fhir/Observation?_id=${o3}`).set('Content-Type', FHIR).send(JSON.stringify(changed(o3, 'Conditional put'))),
  );
  assert.equal(conditional.status, 200, conditional.text);
  written.add(`Observation/${o3}`);
  const conditionalPatch = await check(
    'conditional PATCH',
    agent
      .patch(`/fhir/Observation?_id=${o8}`)
      .set('Content-Type', JSON_PATCH)
      .send(JSON.stringify([{ op: 'remove', path: '/category/0/coding/0' }])),
  );
  assert.equal(conditionalPatch.status, 200, conditionalPatch.text);
  written.add(`Observation/${o8}`);
  const created = await check(
    'conditional create',
    agent
      .post('/fhir/Observation')
      .set('Content-Type', FHIR)
      .set('If-None-Exist', `_id=${o4}`)
      .send(JSON.stringify({ ...changed(o4, 'Not created'), id: undefined })),
  );
  assert.equal(created.status, 200, created.text);

  // A transaction and a batch that update, patch and copy seeded resources.
  const binaryPatch = (ops: unknown[]) => ({ resourceType: 'Binary', contentType: JSON_PATCH, data: Buffer.from(JSON.stringify(ops)).toString('base64') });
  const copyOf5 = { ...changed(o5, 'Copied'), id: undefined };
  for (const [type, entries] of [
    [
      'transaction',
      [
        { fullUrl: `${'http://x'}/Observation/${o4}`, resource: changed(o4, 'Transaction put'), request: { method: 'PUT', url: `Observation/${o4}` } },
        { resource: binaryPatch([{ op: 'replace', path: '/code/coding/0/display', value: 'Transaction patch' }]), request: { method: 'PATCH', url: `Observation/${o5}` } },
        { fullUrl: 'urn:uuid:new-1', resource: copyOf5, request: { method: 'POST', url: 'Observation' } },
        { request: { method: 'GET', url: `Observation?patient=${patient}&_summary=true&_sort=-date` } },
        { request: { method: 'GET', url: `Patient/${patient}/$everything` } },
      ],
    ],
    [
      'batch',
      [
        { resource: changed(o6, 'Batch put'), request: { method: 'PUT', url: `Observation/${o6}` } },
        { resource: binaryPatch([{ op: 'add', path: '/code/coding/-', value: { code: 'z' } }]), request: { method: 'PATCH', url: `Observation/${o7}` } },
        { request: { method: 'GET', url: `Observation?patient=${patient}&_elements=code&_include=Observation:patient` } },
        { request: { method: 'GET', url: `Observation/${o1}` } },
      ],
    ],
  ] as const) {
    const res = await check(type, agent.post('/fhir').set('Content-Type', FHIR).send(JSON.stringify({ resourceType: 'Bundle', type, entry: entries })));
    assert.equal(res.status, 200, res.text);
    const statuses = (res.body.entry as { response: { status: string } }[]).map((e) => e.response.status);
    assert.ok(statuses.every((s) => /^2/.test(s)), `${type}: ${statuses.join(', ')} ${res.text.slice(0, 500)}`);
  }
  for (const id of [o4, o5, o6, o7]) written.add(`Observation/${id}`);

  // A deleted seeded resource, and its history.
  const deleted = observations[8]!.id;
  assert.equal((await check('DELETE', agent.delete(`/fhir/Observation/${deleted}`))).status, 200);
  written.add(`Observation/${deleted}`);
  await get(`/fhir/Observation/${deleted}/_history`);

  // The same pages again, now that the store holds written versions beside shared ones.
  for (const path of [`/fhir/Patient/${patient}/$everything`, `/patients/${patient}`, '/fhir/metadata', `/fhir/Observation/${o1}/_history`]) await get(path);
  await get(`/fhir/Observation?patient=${patient}&_summary=true&_sort=-date&_revinclude=Provenance:target`);

  assert.deepEqual(failures, []);
  const now = stored(sb);
  for (const [key, json] of before) {
    if (written.has(key)) assert.notEqual(now.get(key), json, `${key} was written or deleted`);
    else assert.equal(now.get(key), json, `${key} changed, though no request wrote it`);
  }

  // A reset serves the seed again, byte for byte.
  await sb.reset();
  const reset = stored(sb);
  assert.equal(reset.size, before.size);
  for (const [key, json] of before) assert.equal(reset.get(key), json, `${key} after reset`);
}

test('reads, searches, writes and pages change no other resource and never answer 500', () => changeNothingElse(sb, seeded));

test('the same with data files loaded beside the seed (its references resolved, its elements shared with the seed)', async () => {
  const withData = await createSandbox({ open: true, keyFile: TEST_KEY_FILE, data: ['test/fixtures/data/synthea'], clock: createManualClock(Date.parse('2026-06-01T12:00:00.000Z')) });
  try {
    assert.ok(withData.store.count('Patient') > sb.store.count('Patient'));
    await changeNothingElse(withData, stored(withData));
  } finally {
    await withData.close();
  }
});

test('sb.store hands out the stored objects only through peek, all and referencing, read-only; its reads and searches give copies to change', () => {
  const { observations } = sharedObservations(sb);
  const id = observations[0]!.id;
  const copy = sb.store.read('Observation', id) as unknown as Coded;
  assert.ok(!holdsFrozen(copy));
  copy.code.coding[0]!.display = 'changed';
  const [found] = sb.store.search('Observation', { _id: id }) as unknown as Coded[];
  assert.ok(found && !holdsFrozen(found));
  found.code.coding.push({ display: 'more' });
  assert.equal(JSON.stringify(sb.store.peek('Observation', id)), seeded.get(`Observation/${id}`));
  // A stored element shared with other resources cannot be changed through peek (strict mode: a TypeError).
  const peeked = sb.store.peek('Observation', id) as unknown as Coded;
  assert.throws(() => {
    peeked.code.coding[0]!.display = 'changed';
  }, TypeError);
});
