/**
 * A large store makes the Patient and Practitioner reverse indexes in the background, a slice
 * per turn of the event loop, and answers as it would have without: these tests follow it
 * turn by turn (never by time).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { createManualClock } from '../../src/clock.js';
import type { Resource } from '../../src/fhir/resource.js';
import { BACKGROUND_FROM, indexInBackground } from '../../src/store/background-index.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { collectReferences } from '../../src/store/references.js';
import type { ResourceStore } from '../../src/store/resource-store.js';

const TYPES = ['Patient', 'Practitioner'];

function newStore(): ResourceStore {
  return createMemoryStore({ clock: createManualClock(Date.parse('2026-01-01T00:00:00Z')) });
}

function observations(n: number, from = 0): Resource[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { resourceType: 'Observation', id: `o${i}`, status: 'final', subject: { reference: `Patient/p${i % 50}` }, performer: [{ reference: `Practitioner/d${i % 7}` }] };
  });
}

/** A store of `n` resources, loaded as the seed is. */
function loaded(n: number): ResourceStore {
  const store = newStore();
  store.load([...Array.from({ length: 50 }, (_, i) => ({ resourceType: 'Patient', id: `p${i}`, generalPractitioner: [{ reference: `Practitioner/d${i % 7}` }] })), ...observations(n - 50)], {
    asGiven: true,
  });
  return store;
}

/** What `referencesTo(target)` must answer, from a scan of every current resource in creation order. */
function scanned(store: ResourceStore, target: string): string[] {
  const found: { key: string; order: number }[] = [];
  for (const type of store.types()) {
    for (const r of store.all(type)) if (collectReferences(r).has(target)) found.push({ key: `${type}/${r.id}`, order: store.order(type, r.id) });
  }
  return found.sort((a, b) => a.order - b.order).map((f) => f.key);
}

/** Counts the slices asked of the store (a limit of 0 only asks whether the walk is done). */
function counted(store: ResourceStore): { store: ResourceStore; slices: () => number } {
  let slices = 0;
  const prepare = store.prepareIndex!;
  return {
    store: {
      ...store,
      prepareIndex(types, limit) {
        if (limit > 0) slices++;
        return prepare(types, limit);
      },
    },
    slices: () => slices,
  };
}

/** Turns of the event loop until the store reports the index of TYPES made, or `most` turns. */
async function turnsUntilIndexed(store: ResourceStore, most: number): Promise<number> {
  for (let turns = 1; turns <= most; turns++) {
    await turn();
    // A limit of 0 walks nothing: it only asks whether the walk is done.
    if (store.prepareIndex!(TYPES, 0)) return turns;
  }
  return Infinity;
}

const TARGETS = ['Patient/p0', 'Patient/p49', 'Practitioner/d0', 'Practitioner/d6'];

test('a large store is indexed in the background, a slice per turn, and answers as a scan does', async () => {
  const { store, slices } = counted(loaded(BACKGROUND_FROM + 1_000));
  indexInBackground(store);
  assert.equal(slices(), 0, 'nothing is walked before the event loop turns');
  const turns = await turnsUntilIndexed(store, 100);
  // 21,000 resources, 2,000 a slice: more than one turn, and done within a few more.
  assert.ok(turns > 1 && turns <= 15, `indexed after ${turns} turns`);
  assert.ok(slices() >= 10, `${slices()} slices`);
  const after = slices();
  for (let i = 0; i < 5; i++) await turn();
  assert.equal(slices(), after, 'no slice once the index is made');
  for (const target of TARGETS) assert.deepEqual([...store.referencesTo(target)], scanned(store, target), target);
});

test('its timers keep no process alive', () => {
  const immediates = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length;
  const before = immediates();
  const stop = indexInBackground(loaded(BACKGROUND_FROM));
  assert.equal(immediates(), before);
  stop();
});

test('a store below the threshold is left to index when asked', async () => {
  const { store, slices } = counted(loaded(BACKGROUND_FROM - 1));
  indexInBackground(store);
  for (let i = 0; i < 5; i++) await turn();
  assert.equal(slices(), 0);
  const small = counted(loaded(100));
  indexInBackground(small.store, 100);
  for (let i = 0; i < 3; i++) await turn();
  assert.equal(small.slices(), 1, 'from a given size: 100 resources in one slice');
});

test('a stopped build walks no more, and the index is made when asked for', async () => {
  const { store, slices } = counted(loaded(BACKGROUND_FROM));
  const stop = indexInBackground(store);
  await turn();
  await turn();
  const walked = slices();
  assert.ok(walked >= 1);
  stop();
  for (let i = 0; i < 15; i++) await turn();
  assert.equal(slices(), walked);
  for (const target of TARGETS) assert.deepEqual([...store.referencesTo(target)], scanned(store, target), target);
});

test('writes, clear and load during a background build: the answers are those of what is stored', async () => {
  const store = loaded(BACKGROUND_FROM + 500);
  indexInBackground(store);
  await turn();
  await turn();
  // A write finishes the walk first, then moves its resource.
  store.update({ resourceType: 'Observation', id: 'o0', status: 'final', subject: { reference: 'Patient/p1' } });
  store.delete('Observation', 'o1');
  for (const target of [...TARGETS, 'Patient/p1']) assert.deepEqual([...store.referencesTo(target)], scanned(store, target), target);

  const cleared = counted(loaded(BACKGROUND_FROM + 500));
  const stop = indexInBackground(cleared.store);
  await turn();
  await turn();
  cleared.store.clear();
  cleared.store.load(observations(30));
  // The build under way was for the data cleared: nothing of it is left in the answers.
  for (let i = 0; i < 5; i++) await turn();
  for (const target of TARGETS) assert.deepEqual([...cleared.store.referencesTo(target)], scanned(cleared.store, target), target);
  stop();

  const reloaded = loaded(BACKGROUND_FROM);
  indexInBackground(reloaded);
  await turn();
  reloaded.load(observations(40, 100_000));
  for (let i = 0; i < 15; i++) await turn();
  for (const target of TARGETS) assert.deepEqual([...reloaded.referencesTo(target)], scanned(reloaded, target), target);
});
