import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectReferences, type FrozenReferences } from '../../src/store/references.js';
import { createMemoryStore } from '../../src/store/memory-store.js';

describe('collectReferences with frozen parts', () => {
  it('reuses what a deeply frozen part refers to, for every resource that shares it', () => {
    const frozen: FrozenReferences = new WeakMap();
    const subject = Object.freeze({ reference: 'Patient/p1' });
    const performers = Object.freeze([Object.freeze({ reference: 'Practitioner/d1' })]);
    const a = { resourceType: 'Observation', subject, performer: performers, encounter: { reference: 'Encounter/e1' } };
    const b = { resourceType: 'Observation', subject, performer: performers };
    assert.deepEqual([...collectReferences(a, new Set(), frozen)].sort(), ['Encounter/e1', 'Patient/p1', 'Practitioner/d1']);
    assert.deepEqual([...collectReferences(b, new Set(), frozen)].sort(), ['Patient/p1', 'Practitioner/d1']);
    assert.deepEqual(frozen.get(performers), ['Practitioner/d1']);
  });

  it('does not remember a shallowly frozen part whose inside can still change', () => {
    const frozen: FrozenReferences = new WeakMap();
    const inner = { reference: 'Patient/p1' };
    const outer = Object.freeze({ subject: inner });
    assert.deepEqual([...collectReferences(outer, new Set(), frozen)], ['Patient/p1']);
    inner.reference = 'Patient/p2';
    assert.deepEqual([...collectReferences(outer, new Set(), frozen)], ['Patient/p2']);
  });

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
