/**
 * The in-memory store keeps one version without a version list, indexes references with one
 * string per single source, and adopts loaded resources already in stored form: these tests
 * pin the behaviour those representations must keep (R4 http.html read, vread, history).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../../src/clock.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { asLoadedVersions } from '../../src/store/stored-form.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function store() {
  const clock = createManualClock(T0);
  let n = 0;
  return { clock, store: createMemoryStore({ clock, newId: () => `id-${++n}` }) };
}

const obs = (id: string, subject: string) => ({ resourceType: 'Observation', id, status: 'final', subject: { reference: subject } });

test('one version: history, vread and typeHistory show exactly version 1 as written', () => {
  const { store: s } = store();
  s.update(obs('o1', 'Patient/p1'));
  const history = s.history('Observation', 'o1');
  assert.equal(history.length, 1);
  assert.deepEqual(
    { versionId: history[0]!.versionId, method: history[0]!.method, lastUpdated: history[0]!.lastUpdated },
    { versionId: '1', method: 'PUT', lastUpdated: '2026-01-01T00:00:00.000Z' },
  );
  assert.deepEqual(Object.keys(history[0]!), ['versionId', 'lastUpdated', 'method', 'resource']);
  assert.equal(s.vread('Observation', 'o1', '1').status, 'final');
  assert.equal(s.typeHistory('Observation').length, 1);
});

test('a second version and a deletion keep version 1 and number the rest', () => {
  const { clock, store: s } = store();
  s.create(obs('ignored', 'Patient/p1'));
  clock.advance(1000);
  s.update({ ...obs('id-1', 'Patient/p2'), status: 'amended' });
  clock.advance(1000);
  assert.equal(s.delete('Observation', 'id-1'), true);
  const history = s.history('Observation', 'id-1');
  assert.deepEqual(
    history.map((v) => [v.versionId, v.method, v.lastUpdated, v.resource?.status]),
    [
      ['3', 'DELETE', '2026-01-01T00:00:02.000Z', undefined],
      ['2', 'PUT', '2026-01-01T00:00:01.000Z', 'amended'],
      ['1', 'POST', '2026-01-01T00:00:00.000Z', 'final'],
    ],
  );
  assert.equal(s.vread('Observation', 'id-1', '1').meta.versionId, '1');
  assert.equal(s.referencesTo('Patient/p1').size, 0);
  assert.equal(s.referencesTo('Patient/p2').size, 0);
});

test('referencesTo follows one source, several, and their removal', () => {
  const { store: s } = store();
  s.update(obs('a', 'Patient/p1'));
  assert.deepEqual([...s.referencesTo('Patient/p1')], ['Observation/a']);
  s.update(obs('b', 'Patient/p1'));
  s.update(obs('c', 'Patient/p1'));
  assert.deepEqual([...s.referencesTo('Patient/p1')], ['Observation/a', 'Observation/b', 'Observation/c']);
  s.update(obs('b', 'Patient/p2'));
  assert.deepEqual([...s.referencesTo('Patient/p1')], ['Observation/a', 'Observation/c']);
  assert.deepEqual([...s.referencesTo('Patient/p2')], ['Observation/b']);
  s.delete('Observation', 'b');
  assert.equal(s.referencesTo('Patient/p2').size, 0);
});

test('a failed atomic step puts a one-version resource and its references back', () => {
  const { store: s } = store();
  s.update(obs('a', 'Patient/p1'));
  assert.throws(() =>
    s.atomically(() => {
      s.update(obs('a', 'Patient/p2'));
      s.delete('Observation', 'a');
      s.update(obs('new', 'Patient/p1'));
      throw new Error('boom');
    }),
  );
  assert.equal(s.history('Observation', 'a').length, 1);
  assert.equal(s.read('Observation', 'a').meta.versionId, '1');
  assert.deepEqual([...s.referencesTo('Patient/p1')], ['Observation/a']);
  assert.equal(s.referencesTo('Patient/p2').size, 0);
  assert.throws(() => s.read('Observation', 'new'), /not known/);
  // The list made for version 2 inside the failed step is gone: the next write is version 2.
  assert.equal(s.update(obs('a', 'Patient/p1')).resource.meta.versionId, '2');
});

test('loading keeps meta as given, with versionId and lastUpdated where { ...meta, versionId, lastUpdated } puts them', () => {
  const { store: s } = store();
  const given = { resourceType: 'Patient', id: 'p', meta: { lastUpdated: '2025-05-05T00:00:00Z', profile: ['x'] }, active: true };
  s.load(asLoadedVersions([given]));
  const read = s.read('Patient', 'p');
  assert.equal(JSON.stringify(read), '{"resourceType":"Patient","id":"p","meta":{"lastUpdated":"2025-05-05T00:00:00Z","profile":["x"],"versionId":"1"},"active":true}');
  // The data to load is not changed.
  assert.deepEqual(given.meta, { lastUpdated: '2025-05-05T00:00:00Z', profile: ['x'] });
  s.load([{ resourceType: 'Patient', id: 'q', active: false, meta: { versionId: '7', tag: [] } }]);
  assert.equal(JSON.stringify(s.read('Patient', 'q')), '{"resourceType":"Patient","id":"q","meta":{"versionId":"1","tag":[],"lastUpdated":"2026-01-01T00:00:00.000Z"},"active":false}');
});

test('a loaded resource already in stored form is kept as the stored object; a reset loads it again unchanged', () => {
  const { store: s } = store();
  const [stored] = asLoadedVersions([{ resourceType: 'Patient', id: 'p', meta: { lastUpdated: '2025-05-05T00:00:00Z' } }]);
  s.load([stored!]);
  assert.equal(s.peek('Patient', 'p'), stored);
  s.update({ resourceType: 'Patient', id: 'p', active: true });
  s.clear();
  s.load([stored!]);
  assert.equal(s.read('Patient', 'p').meta.versionId, '1');
  assert.equal(s.read('Patient', 'p').active, undefined);
});

/** `n` observations of 50 patients with seven codes: below and above the 20,000 resources of a large load. */
function observations(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    resourceType: 'Observation',
    id: `o${i}`,
    meta: { lastUpdated: '2025-05-05T00:00:00Z' },
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: String(i % 7) }] },
    subject: { reference: `Patient/p${i % 50}` },
  }));
}

test('a load from an iterable stores each resource before it takes the next, and stores what the same list would', () => {
  for (const n of [300, 25_000]) {
    const { store: fromList } = store();
    fromList.load(observations(n), { shareElements: true });
    const { store: taken } = store();
    let seen = 0;
    taken.load(
      {
        *[Symbol.iterator]() {
          for (const r of observations(n)) {
            // Every resource given before this one is stored already.
            assert.equal(taken.count(), seen, `${n}: stored before the next is taken`);
            seen++;
            yield r;
          }
        },
      },
      { shareElements: true },
    );
    assert.equal(taken.count(), n);
    const json = (s: typeof taken) => [...s.all('Observation')].map((r) => JSON.stringify(r));
    assert.deepEqual(json(taken), json(fromList), `${n}: the same resources, in the same order`);
    for (const patient of ['Patient/p0', 'Patient/p49']) assert.deepEqual([...taken.referencesTo(patient)], [...fromList.referencesTo(patient)], `${n}: ${patient}`);
    assert.equal(taken.order('Observation', `o${n - 1}`), fromList.order('Observation', `o${n - 1}`));
    // A large load shares equal elements whichever way it is given; a small one does not.
    const coding = (s: typeof taken, id: string) => (s.peek('Observation', id)!.code as { coding: object[] }).coding[0];
    assert.equal(coding(taken, 'o0') === coding(taken, 'o7'), n >= 20_000, `${n}: shared`);
    assert.equal(coding(fromList, 'o0') === coding(fromList, 'o7'), n >= 20_000, `${n}: shared from a list`);
    // Writes after the load see the index it made.
    taken.update({ resourceType: 'Observation', id: 'o0', status: 'final', subject: { reference: 'Patient/p1' } });
    assert.ok(!taken.referencesTo('Patient/p0').has('Observation/o0'));
    assert.ok(taken.referencesTo('Patient/p1').has('Observation/o0'));
  }
});

test('a load given as new stores exactly what a plain load stores, and refuses a repeated or known id', () => {
  const resources = () => [obs('o1', 'Patient/p1'), obs('o2', 'Patient/p2'), { resourceType: 'Patient', id: 'p1', meta: { lastUpdated: '2025-01-01T00:00:00Z' } }];
  const { store: plain } = store();
  plain.load(resources());
  const { store: given } = store();
  given.load(resources(), { asGiven: true });
  for (const [type, id] of [['Observation', 'o1'], ['Observation', 'o2'], ['Patient', 'p1']] as const) {
    assert.deepEqual(given.history(type, id), plain.history(type, id), `${type}/${id}`);
    assert.equal(given.order(type, id), plain.order(type, id));
  }
  assert.deepEqual([...given.referencesTo('Patient/p1')], ['Observation/o1']);
  // The same from an iterable, as the seed is given.
  const { store: taken } = store();
  taken.load((function* () { yield* resources(); })(), { asGiven: true });
  assert.deepEqual(taken.history('Observation', 'o2'), plain.history('Observation', 'o2'));

  const { store: repeated } = store();
  assert.throws(() => repeated.load([obs('o1', 'Patient/p1'), obs('o1', 'Patient/p2')], { asGiven: true }), /repeated or known id/);
  const { store: known } = store();
  known.load([obs('o1', 'Patient/p1')]);
  assert.throws(() => known.load([obs('o1', 'Patient/p2')], { asGiven: true }), /repeated or known id/);
});

test('a load given as new keeps a reverse index already made up to date', () => {
  const { store: s } = store();
  s.load([obs('o1', 'Patient/p1')]);
  assert.deepEqual([...s.referencesTo('Patient/p1')], ['Observation/o1']);
  s.load([obs('o2', 'Patient/p1'), obs('o3', 'Patient/p2')], { asGiven: true });
  assert.deepEqual([...s.referencesTo('Patient/p1')], ['Observation/o1', 'Observation/o2']);
  assert.deepEqual([...s.referencesTo('Patient/p2')], ['Observation/o3']);
});
