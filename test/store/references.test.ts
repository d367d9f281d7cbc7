import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore } from '../../src/store/memory-store.js';

describe('the store indexes generated resources', () => {
  it('indexes seeded resources that share frozen parts, and keeps resourceType, id and meta first', () => {
    const store = createMemoryStore({ clock: { now: () => 0 } });
    const subject = Object.freeze({ reference: 'Patient/p1' });
    store.load([
      { resourceType: 'Patient', id: 'p1' },
      { resourceType: 'Observation', id: 'o1', status: 'final', subject, meta: { profile: ['x'], lastUpdated: '2020-01-01T00:00:00Z' } },
      { resourceType: 'Observation', id: 'o2', subject },
    ]);
    assert.deepEqual([...store.referencesTo('Patient/p1')].sort(), ['Observation/o1', 'Observation/o2']);
    const o1 = store.read('Observation', 'o1');
    assert.deepEqual(Object.keys(o1), ['resourceType', 'id', 'meta', 'status', 'subject']);
    assert.deepEqual(o1.meta, { profile: ['x'], lastUpdated: '2020-01-01T00:00:00Z', versionId: '1' });
    assert.deepEqual(Object.keys(o1.meta), ['profile', 'lastUpdated', 'versionId']);
  });
});

describe('the reference index after a load', () => {
  const load = () => {
    const store = createMemoryStore({ clock: { now: () => 0 } });
    store.load([
      { resourceType: 'Patient', id: 'p1' },
      { resourceType: 'Patient', id: 'p2' },
      { resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/p1' }, code: { coding: [{ code: 'x' }] } },
      { resourceType: 'Observation', id: 'o2', subject: { reference: 'http://example.org/fhir/Patient/p1/_history/1' } },
    ]);
    return store;
  };

  it('answers reference lookups made right after the load', () => {
    assert.deepEqual([...load().referencesTo('Patient/p1')].sort(), ['Observation/o1', 'Observation/o2']);
  });

  it('follows updates and deletes made before any lookup', () => {
    const store = load();
    store.update({ resourceType: 'Observation', id: 'o1', subject: { reference: 'Patient/p2' } });
    store.delete('Observation', 'o2');
    assert.deepEqual([...store.referencesTo('Patient/p1')], []);
    assert.deepEqual([...store.referencesTo('Patient/p2')], ['Observation/o1']);
  });

  it('starts again from what a reload holds after clear', () => {
    const store = load();
    store.clear();
    store.load([{ resourceType: 'Observation', id: 'o3', subject: { reference: 'Patient/p2' } }]);
    assert.deepEqual([...store.referencesTo('Patient/p1')], []);
    assert.deepEqual([...store.referencesTo('Patient/p2')], ['Observation/o3']);
  });
});
