import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceStore } from '../../../src/store/resource-store.js';
import { ids, makeStore, run } from './fixtures.js';

/** A store with `n` patients, each with 5 observations (2 with code 'a'). */
function population(n: number): ResourceStore {
  const resources = [];
  for (let p = 0; p < n; p++) {
    resources.push({ resourceType: 'Patient', id: `p${p}` });
    for (let o = 0; o < 5; o++) {
      resources.push({
        resourceType: 'Observation',
        id: `p${p}-o${o}`,
        status: 'final',
        code: { coding: [{ code: o < 2 ? 'a' : 'b' }] },
        subject: { reference: `Patient/p${p}` },
      });
    }
  }
  return makeStore(resources).store;
}

/** The store, but scanning a type throws, and every resource read (peeked or from an index) is counted. */
function guarded(store: ResourceStore): { store: ResourceStore; peeks: () => number } {
  let peeks = 0;
  const wrapped: ResourceStore = {
    ...store,
    all: (type) => {
      throw new Error(`scanned all ${type}`);
    },
    peek: (type, id) => {
      peeks++;
      return store.peek(type, id);
    },
    referencing: (type, index, targets) => {
      const found = store.referencing(type, index, targets);
      peeks += found.length;
      return found;
    },
  };
  return { store: wrapped, peeks: () => peeks };
}

describe('candidate selection', () => {
  for (const n of [100, 2000]) {
    it(`takes patient searches from the reference index (${n} patients)`, () => {
      const { store, peeks } = guarded(population(n));
      assert.deepEqual(ids(store, 'Observation', 'patient=p7'), ['p7-o0', 'p7-o1', 'p7-o2', 'p7-o3', 'p7-o4']);
      assert.deepEqual(ids(store, 'Observation', 'subject=Patient/p7&code=a'), ['p7-o0', 'p7-o1']);
      assert.deepEqual(ids(store, 'Observation', 'code=a&patient=p7,p8'), ['p7-o0', 'p7-o1', 'p8-o0', 'p8-o1']);
      assert.equal(peeks(), 5 + 5 + 10, 'only the candidates are read, however many patients there are');
    });
  }

  it('reads _id searches directly', () => {
    const { store, peeks } = guarded(population(50));
    assert.deepEqual(ids(store, 'Patient', '_id=p3,p40,nope'), ['p3', 'p40']);
    assert.equal(peeks(), 3);
  });

  it('uses the smallest indexed criterion', () => {
    const { store, peeks } = guarded(population(50));
    assert.deepEqual(ids(store, 'Observation', 'patient=p1,p2,p3&_id=p2-o4'), ['p2-o4']);
    assert.equal(peeks(), 1);
  });

  it('scans the type when no criterion can use an index', () => {
    const { store } = guarded(population(3));
    assert.throws(() => ids(store, 'Observation', 'code=a'), /scanned all Observation/);
    assert.throws(() => ids(store, 'Observation', 'patient:missing=false'), /scanned all Observation/);
  });

  it('keeps creation order and the total on index results', () => {
    const { store } = guarded(population(20));
    const page = run(store, 'Observation', 'patient=p9,p2&_count=3&_offset=4');
    assert.equal(page.total, 10);
    assert.deepEqual(
      page.matches.map((r) => r.id),
      ['p2-o4', 'p9-o0', 'p9-o1'],
    );
  });
});
