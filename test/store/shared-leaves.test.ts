/**
 * A large load makes equal leaf elements (a Coding, a Reference, a Quantity) one shared
 * object: these tests pin that every resource still reads back exactly as loaded, and that a
 * write to one resource, or a change to what a read returned, leaves every other one as it was.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../../src/clock.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Resource } from '../../src/fhir/resource.js';

/** At least as many resources as make a load "large" (memory-store.ts). */
const COUNT = 20_000;

const observation = (i: number): Resource => ({
  resourceType: 'Observation',
  id: `o${i}`,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }], text: 'Heart rate' },
  subject: { reference: `Patient/p${i % 10}` },
  valueQuantity: { value: i % 7, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
});

function loaded() {
  const store = createMemoryStore({ clock: createManualClock(Date.parse('2026-01-01T00:00:00.000Z')) });
  store.load(Array.from({ length: COUNT }, (_, i) => observation(i)), { shareElements: true });
  return store;
}

/** The resource without the server's meta, for comparing with what was loaded. */
function body(resource: Resource): Resource {
  const { meta: _meta, ...rest } = resource;
  return rest as Resource;
}

test('a large load reads back every resource exactly as given, keys in order', () => {
  const store = loaded();
  for (const i of [0, 1, 6, 7, 9_999, COUNT - 1]) {
    assert.equal(JSON.stringify(body(store.read('Observation', `o${i}`))), JSON.stringify(observation(i)));
  }
});

test('after a large load, a write to one resource changes no other', () => {
  const store = loaded();
  const changed = store.read('Observation', 'o7');
  (changed.code as { coding: { display: string }[] }).coding[0]!.display = 'Pulse';
  (changed.subject as { reference: string }).reference = 'Patient/p9';
  (changed.valueQuantity as { value: number }).value = 99;
  store.update(changed);
  assert.equal((store.read('Observation', 'o7').code as { coding: { display: string }[] }).coding[0]!.display, 'Pulse');
  for (const i of [0, 14, 17, COUNT - 1]) {
    assert.equal(JSON.stringify(body(store.read('Observation', `o${i}`))), JSON.stringify(observation(i)));
  }
  assert.deepEqual([...store.referencesTo('Patient/p9')].includes('Observation/o7'), true);
  assert.deepEqual([...store.referencesTo('Patient/p7')].includes('Observation/o7'), false);
});

test('elements that differ are never shared, even when their hashes are equal', () => {
  // Two notes whose texts give the same 32-bit hash in the load's table (references.ts), and
  // the same keys in another order: each resource must read back its own element.
  const texts = ['lyucvezqzq', 'hnyqwswdiv'];
  const store = createMemoryStore({ clock: createManualClock(Date.parse('2026-01-01T00:00:00.000Z')) });
  const resources: Resource[] = Array.from({ length: COUNT }, (_, i) => ({
    ...observation(i),
    note: [{ text: texts[i % 2]! }],
    valueQuantity: i % 3 === 0 ? { unit: 'kg', value: 1 } : { value: 1, unit: 'kg' },
  }));
  const given = resources.map((r) => JSON.stringify(r));
  store.load(resources, { shareElements: true });
  for (const i of [0, 1, 2, 3, 4, 5, COUNT - 2, COUNT - 1]) {
    assert.equal(JSON.stringify(body(store.read('Observation', `o${i}`))), given[i]);
  }
  const note = (i: number) => (store.peek('Observation', `o${i}`)!.note as object[])[0];
  assert.equal(note(0), note(2), 'equal notes are one object');
  assert.notEqual(note(0), note(1));
});
