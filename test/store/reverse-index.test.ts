/**
 * The store's reverse reference index (`referencesTo`) is made per target type when first
 * asked for, or a slice at a time through `prepareIndex`, and kept up to date by every write
 * from then on. Whatever the order of loads, writes, undone transactions and index slices,
 * it must answer what a scan of every current resource answers, in creation order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../../src/clock.js';
import type { Resource } from '../../src/fhir/resource.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { collectReferences } from '../../src/store/references.js';
import type { ResourceStore } from '../../src/store/resource-store.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function newStore(): ResourceStore {
  let n = 0;
  return createMemoryStore({ clock: createManualClock(T0), newId: () => `new-${++n}` });
}

/** A small deterministic generator (mulberry32), so that a failure names a case that can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATIENTS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const PRACTITIONERS = ['d0', 'd1', 'd2'];
const ORGANIZATIONS = ['g0', 'g1'];
const ENCOUNTERS = ['e0', 'e1', 'e2', 'e3'];
const OBSERVATIONS = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7'];

/** Every target the tests ask about, of four target types (some never stored: a reference may point nowhere). */
const TARGETS = [
  ...PATIENTS.map((id) => `Patient/${id}`),
  'Patient/nobody',
  ...PRACTITIONERS.map((id) => `Practitioner/${id}`),
  ...ORGANIZATIONS.map((id) => `Organization/${id}`),
  ...ENCOUNTERS.map((id) => `Encounter/${id}`),
];
const TARGET_TYPES = ['Patient', 'Practitioner', 'Organization', 'Encounter'];

/** A resource of a random kind and id, referring to random targets (an update may change every one of them). */
function someResource(next: () => number): Resource & { id: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const ref = (type: string, ids: readonly string[]) => ({ reference: `${type}/${pick(ids)}` });
  switch (pick(['Patient', 'Encounter', 'Observation', 'Observation', 'Provenance'])) {
    case 'Patient':
      return {
        resourceType: 'Patient',
        id: pick(PATIENTS),
        ...(next() < 0.7 ? { generalPractitioner: [ref('Practitioner', PRACTITIONERS)] } : {}),
        ...(next() < 0.5 ? { managingOrganization: ref('Organization', ORGANIZATIONS) } : {}),
        ...(next() < 0.2 ? { link: [{ other: ref('Patient', PATIENTS), type: 'seealso' }] } : {}),
      };
    case 'Encounter':
      return {
        resourceType: 'Encounter',
        id: pick(ENCOUNTERS),
        status: 'finished',
        subject: ref('Patient', PATIENTS),
        participant: [{ individual: ref('Practitioner', PRACTITIONERS) }, ...(next() < 0.3 ? [{ individual: ref('Practitioner', PRACTITIONERS) }] : [])],
        ...(next() < 0.5 ? { serviceProvider: ref('Organization', ORGANIZATIONS) } : {}),
      };
    case 'Observation':
      return {
        resourceType: 'Observation',
        id: pick(OBSERVATIONS),
        status: 'final',
        code: { text: 'x' },
        ...(next() < 0.9 ? { subject: ref('Patient', PATIENTS) } : {}),
        ...(next() < 0.5 ? { encounter: ref('Encounter', ENCOUNTERS) } : {}),
        ...(next() < 0.5 ? { performer: [ref('Practitioner', PRACTITIONERS), ref('Organization', ORGANIZATIONS)] } : {}),
        // The same target twice in one resource: one source, listed once.
        ...(next() < 0.2 ? { hasMember: [{ reference: 'Patient/p0' }], focus: [{ reference: 'Patient/p0' }] } : {}),
      };
    default:
      return {
        resourceType: 'Provenance',
        id: `v${Math.floor(next() * 6)}`,
        recorded: '2026-01-01T00:00:00Z',
        target: [ref('Patient', PATIENTS), ref('Encounter', ENCOUNTERS), { reference: `Observation/${pick(OBSERVATIONS)}` }],
        agent: [{ who: ref('Practitioner', PRACTITIONERS) }],
      };
  }
}

/** What `referencesTo(target)` must answer: every current resource that refers to `target`, in creation order. */
function scanned(store: ResourceStore, target: string): string[] {
  const found: { key: string; order: number }[] = [];
  for (const type of store.types()) {
    for (const resource of store.all(type)) {
      if (collectReferences(resource).has(target)) found.push({ key: `${type}/${resource.id}`, order: store.order(type, resource.id) });
    }
  }
  return found.sort((a, b) => a.order - b.order).map((f) => f.key);
}

function assertIndexed(store: ResourceStore, label: string, targets: readonly string[] = TARGETS): void {
  for (const target of targets) assert.deepEqual([...store.referencesTo(target)], scanned(store, target), `${label}: ${target}`);
}

/** One random change of the data: a create, an update, a delete, a load, or a transaction (undone or kept). */
function change(store: ResourceStore, next: () => number, step: number, depth = 0): string {
  const r = next();
  if (r < 0.3) {
    const resource = someResource(next);
    store.update(resource);
    return `update ${resource.resourceType}/${resource.id}`;
  }
  if (r < 0.4) {
    const resource = someResource(next);
    const created = store.create(resource);
    return `create ${created.resourceType}/${created.id}`;
  }
  if (r < 0.6) {
    const victim = someResource(next);
    store.delete(victim.resourceType, victim.id!);
    return `delete ${victim.resourceType}/${victim.id}`;
  }
  if (r < 0.68) {
    // A load may hold an id twice, and ids stored already.
    const list = Array.from({ length: 1 + Math.floor(next() * 4) }, () => someResource(next));
    if (next() < 0.5) store.load(list);
    else store.load({ *[Symbol.iterator]() { yield* list; } });
    return `load ${list.map((x) => `${x.resourceType}/${x.id}`).join(' ')}`;
  }
  if (depth > 0) return 'nothing';
  const undo = next() < 0.7;
  const steps: string[] = [];
  try {
    store.atomically(() => {
      const n = 1 + Math.floor(next() * 5);
      for (let i = 0; i < n; i++) {
        steps.push(change(store, next, step, depth + 1));
        // Inside a transaction too, the index may be asked for, or made in part.
        const asked = next();
        if (asked < 0.15) store.referencesTo(TARGETS[Math.floor(next() * TARGETS.length)]!);
        else if (asked < 0.3) store.prepareIndex!([TARGET_TYPES[Math.floor(next() * TARGET_TYPES.length)]!], Math.floor(next() * 4));
      }
      if (undo) throw new Error('undone');
    });
  } catch (error) {
    if ((error as Error).message !== 'undone') throw error;
  }
  return `${undo ? 'undone' : 'kept'} transaction [${steps.join(', ')}]`;
}

/** A store holding some of everything, loaded as the seed is. */
function seeded(seed: number): ResourceStore {
  const store = newStore();
  const next = random(seed * 7919);
  store.load(Array.from({ length: 40 }, () => someResource(next)));
  return store;
}

test('referencesTo answers as a scan of every current resource, with the index made before the writes', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const store = seeded(seed);
    const next = random(seed);
    assertIndexed(store, `seed ${seed}, loaded`);
    for (let step = 0; step < 60; step++) {
      const what = change(store, next, step);
      assertIndexed(store, `seed ${seed}, step ${step} (${what})`);
    }
  }
});

test('referencesTo answers as a scan of every current resource, with the index made after the writes', () => {
  for (let seed = 1; seed <= 30; seed++) {
    for (const first of TARGET_TYPES) {
      const store = seeded(seed);
      const next = random(seed);
      const done: string[] = [];
      for (let step = 0; step < 60; step++) done.push(change(store, next, step));
      // One type asked for first, then the others, each made by its own walk.
      const order = [first, ...TARGET_TYPES.filter((t) => t !== first)];
      for (const type of order) assertIndexed(store, `seed ${seed}, ${type} first, after ${done.length} changes`, TARGETS.filter((t) => t.startsWith(`${type}/`)));
      // And kept up to date from then on.
      for (let step = 0; step < 20; step++) {
        const what = change(store, next, step);
        assertIndexed(store, `seed ${seed}, ${first} first, then step ${step} (${what})`);
      }
    }
  }
});

test('referencesTo answers as a scan when prepareIndex slices of any size are interleaved with writes', () => {
  for (const limit of [0, 1, 2, 3, 7, 50]) {
    for (let seed = 1; seed <= 15; seed++) {
      const store = seeded(seed);
      const next = random(seed * 31 + limit);
      const pick = (): string[] => TARGET_TYPES.filter(() => next() < 0.5);
      for (let step = 0; step < 60; step++) {
        store.prepareIndex!(pick(), limit);
        const what = change(store, next, step);
        store.prepareIndex!(pick(), limit);
        // Now and then, one target type, while another may be in the middle of its walk.
        if (next() < 0.2) {
          const target = TARGETS[Math.floor(next() * TARGETS.length)]!;
          assert.deepEqual([...store.referencesTo(target)], scanned(store, target), `limit ${limit}, seed ${seed}, step ${step} (${what}): ${target}`);
        }
      }
      assertIndexed(store, `limit ${limit}, seed ${seed}, at the end`);
    }
  }
});

test('prepareIndex reports when it is done, and a walk in part leaves the answers unchanged', () => {
  const store = newStore();
  store.load(Array.from({ length: 100 }, (_, i) => ({ resourceType: 'Observation', id: `o${i}`, status: 'final', subject: { reference: `Patient/p${i % 3}` } })));
  let calls = 0;
  while (!store.prepareIndex!(['Patient'], 7)) calls++;
  // 100 resources, 7 at a time: 14 slices that are not the last.
  assert.equal(calls, 14);
  assert.equal(store.prepareIndex!(['Patient'], 0), true, 'done: nothing more to walk');
  assert.equal(store.prepareIndex!(['Practitioner'], 0), false, 'a type not made yet is not done');
  assertIndexed(store, 'prepared', ['Patient/p0', 'Patient/p1', 'Patient/p2']);
  assert.equal(store.referencesTo('Patient/p0').size, 34);
});

test('referencesTo lists its sources in creation order, whatever order they were updated in', () => {
  const store = newStore();
  const obs = (id: string, subject: string) => ({ resourceType: 'Observation', id, status: 'final', subject: { reference: subject } });
  for (const id of ['a', 'b', 'c', 'd']) store.update(obs(id, 'Patient/p1'));
  store.referencesTo('Patient/p1');
  // Away and back again: each update takes the source out and puts it back where it was created.
  store.update(obs('b', 'Patient/p2'));
  store.update(obs('a', 'Patient/p1'));
  store.update(obs('b', 'Patient/p1'));
  store.delete('Observation', 'c');
  store.update(obs('c', 'Patient/p1'));
  assert.deepEqual([...store.referencesTo('Patient/p1')], ['Observation/a', 'Observation/b', 'Observation/c', 'Observation/d']);
  // A resource of another type created later comes after them; an earlier one before them.
  store.create({ resourceType: 'Encounter', status: 'finished', subject: { reference: 'Patient/p1' } });
  store.update(obs('a', 'Patient/p1'));
  assert.deepEqual([...store.referencesTo('Patient/p1')], ['Observation/a', 'Observation/b', 'Observation/c', 'Observation/d', 'Encounter/new-1']);
  // A walk visits one type after another: its lists too are put in creation order.
  const walked = newStore();
  walked.update(obs('a', 'Patient/p1'));
  walked.update({ resourceType: 'Encounter', id: 'e', status: 'finished', subject: { reference: 'Patient/p1' } });
  walked.update(obs('b', 'Patient/p1'));
  assert.deepEqual([...walked.referencesTo('Patient/p1')], ['Observation/a', 'Encounter/e', 'Observation/b']);
});

test('an undone transaction that made part of the index leaves it as it was before', () => {
  const store = newStore();
  const obs = (id: string, subject: string) => ({ resourceType: 'Observation', id, status: 'final', subject: { reference: subject } });
  for (const id of ['a', 'b', 'c']) store.update(obs(id, 'Patient/p1'));
  assert.throws(() =>
    store.atomically(() => {
      store.update(obs('a', 'Patient/p2'));
      store.create(obs('ignored', 'Patient/p2'));
      // The walk has seen the changed version of `a` and the new resource when the transaction is undone.
      store.prepareIndex!(['Patient'], 2);
      throw new Error('undone');
    }),
  );
  assert.deepEqual([...store.referencesTo('Patient/p1')], ['Observation/a', 'Observation/b', 'Observation/c']);
  assert.deepEqual([...store.referencesTo('Patient/p2')], []);
});

test('clear and load during a walk: the walk is dropped and the index made again from what is stored', () => {
  const obs = (id: string, subject: string) => ({ resourceType: 'Observation', id, status: 'final', subject: { reference: subject } });
  const store = newStore();
  store.load(Array.from({ length: 50 }, (_, i) => obs(`o${i}`, `Patient/p${i % 2}`)));
  assert.equal(store.prepareIndex!(['Patient'], 10), false);
  store.clear();
  assert.deepEqual([...store.referencesTo('Patient/p0')], []);
  store.load([obs('x', 'Patient/p0'), obs('y', 'Patient/p1')]);
  // The walk started before the clear neither finishes on the new data nor leaves anything behind.
  assert.equal(store.prepareIndex!(['Practitioner'], 1), false);
  assert.deepEqual([...store.referencesTo('Patient/p0')], ['Observation/x']);
  assert.equal(store.prepareIndex!(['Organization'], 1), false);
  store.load([obs('x', 'Patient/p1'), obs('z', 'Patient/p0')]);
  assertIndexed(store, 'after a load during a walk', ['Patient/p0', 'Patient/p1']);
  assert.deepEqual([...store.referencesTo('Patient/p1')], ['Observation/x', 'Observation/y']);
  // A load while the index is complete: the loaded resources are in it.
  store.load([obs('y', 'Patient/p0'), obs('w', 'Patient/p0')]);
  assert.deepEqual([...store.referencesTo('Patient/p0')], ['Observation/y', 'Observation/z', 'Observation/w']);
});

test('referencesTo answers as a scan after a large load that compacts and shares, with writes after it', () => {
  const store = newStore();
  const next = random(99);
  const n = 20_500;
  store.load(
    {
      *[Symbol.iterator]() {
        for (let i = 0; i < n; i++) {
          yield { resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'x' }, subject: { reference: `Patient/p${i % 6}` }, performer: [{ reference: `Practitioner/d${i % 3}` }] };
        }
      },
    },
    { shareElements: true },
  );
  for (let step = 0; step < 40; step++) change(store, next, step);
  assertIndexed(store, 'large load');
});

test('a load keeps the index made so far up to date, and drops a walk under way without finishing it', () => {
  const obs = (id: string, subject: string, performer = 'Practitioner/d0') => ({ resourceType: 'Observation', id, status: 'final', subject: { reference: subject }, performer: [{ reference: performer }] });
  const store = newStore();
  store.load(Array.from({ length: 50 }, (_, i) => obs(`o${i}`, `Patient/p${i % 2}`)));
  assert.equal(store.referencesTo('Patient/p0').size, 25);
  assert.equal(store.prepareIndex!(['Practitioner'], 10), false);
  // `sb.store.load` of a few resources into a large sandbox: the Patient index made already
  // (a walk over every resource) is not made again, and the Practitioner walk is not finished.
  store.load([obs('o0', 'Patient/p1', 'Practitioner/d1'), obs('n1', 'Patient/p0', 'Practitioner/d1')]);
  assert.equal(store.prepareIndex!(['Patient'], 0), true, 'the Patient index is kept');
  assert.equal(store.prepareIndex!(['Practitioner'], 0), false, 'the Practitioner walk starts again');
  assertIndexed(store, 'after the load', ['Patient/p0', 'Patient/p1', 'Practitioner/d0', 'Practitioner/d1']);
  assert.deepEqual([...store.referencesTo('Practitioner/d1')], ['Observation/o0', 'Observation/n1']);
  // A large load into an indexed store compacts what it stores and keeps the index too.
  store.load(Array.from({ length: 20_000 }, (_, i) => obs(`l${i}`, `Patient/p${i % 3}`, 'Practitioner/d2')), { shareElements: true });
  assert.equal(store.prepareIndex!(['Patient', 'Practitioner'], 0), true);
  assertIndexed(store, 'after a large load', ['Patient/p0', 'Patient/p2', 'Practitioner/d1', 'Practitioner/d2']);
});

test('a resource of a type not stored before, written while a walk is under way, is in the answers once', () => {
  const store = newStore();
  store.load(Array.from({ length: 30 }, (_, i) => ({ resourceType: 'Observation', id: `o${i}`, status: 'final', subject: { reference: 'Patient/p0' } })));
  assert.equal(store.prepareIndex!(['Patient'], 10), false);
  // A new table, after the walk has started on the ones there were.
  store.create({ resourceType: 'Condition', id: 'c', subject: { reference: 'Patient/p0' } }, { id: 'c' });
  store.create({ resourceType: 'Observation', status: 'final', subject: { reference: 'Patient/p0' } }, { id: 'later' });
  const keys = [...store.referencesTo('Patient/p0')];
  assert.equal(keys.length, 32);
  assert.deepEqual(keys.slice(-2), ['Condition/c', 'Observation/later']);
  assertIndexed(store, 'new table', ['Patient/p0']);
});
