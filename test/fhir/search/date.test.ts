import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert400, ids, makeStore, pairs, OPTIONS } from './fixtures.js';
import { executeSearch, parseSearch } from '../../../src/fhir/search/index.js';

const obs = (id: string, effective: Record<string, unknown>) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: {},
  ...effective,
});

// o1: one second on 15 March; o2: all of 16 March; o3: 10-20 March;
// o4: from 1 April 08:00 onwards; o5: 31 Dec 2023 23:00 at -05:00, i.e. 1 Jan 2024 04:00 UTC.
const { store } = makeStore([
  obs('o1', { effectiveDateTime: '2024-03-15T10:30:00Z' }),
  obs('o2', { effectiveDateTime: '2024-03-16' }),
  obs('o3', { effectivePeriod: { start: '2024-03-10', end: '2024-03-20' } }),
  obs('o4', { effectivePeriod: { start: '2024-04-01T08:00:00Z' } }),
  obs('o5', { effectiveDateTime: '2023-12-31T23:00:00-05:00' }),
  { resourceType: 'Patient', id: 'p1', birthDate: '1980-05-20' },
  { resourceType: 'Patient', id: 'p2', birthDate: '1981' },
]);

const q = (query: string): string[] => ids(store, 'Observation', query);

describe('date search', () => {
  it('eq: the element lies within the precision range of the value', () => {
    assert.deepEqual(q('date=2024-03-15'), ['o1']);
    assert.deepEqual(q('date=eq2024-03-15'), ['o1']);
    assert.deepEqual(q('date=2024-03'), ['o1', 'o2', 'o3']);
    assert.deepEqual(q('date=2024'), ['o1', 'o2', 'o3', 'o5'], 'o4 is open-ended, o5 is 2024 in UTC');
    assert.deepEqual(q('date=2023'), []);
    assert.deepEqual(q('date=2024-03-15T10:30Z'), ['o1']);
    assert.deepEqual(q('date=2024-03-15T10:30:00Z'), ['o1']);
  });

  it('ne: the element is not within the range', () => {
    assert.deepEqual(q('date=ne2024-03'), ['o4', 'o5']);
  });

  it('gt and lt: the element extends above or below the range', () => {
    assert.deepEqual(q('date=gt2024-03-15'), ['o2', 'o3', 'o4']);
    assert.deepEqual(q('date=lt2024-03-15'), ['o3', 'o5']);
    assert.deepEqual(q('date=gt2024-03-15T10:30:00Z'), ['o2', 'o3', 'o4'], 'the second itself is not greater');
    assert.deepEqual(q('date=lt2024-03-15T10:31'), ['o1', 'o3', 'o5']);
  });

  it('ge and le add the elements within the range', () => {
    assert.deepEqual(q('date=ge2024-03-15'), ['o1', 'o2', 'o3', 'o4']);
    assert.deepEqual(q('date=le2024-03-15'), ['o1', 'o3', 'o5']);
    assert.deepEqual(q('date=ge2024-03-15T10:30:00Z'), ['o1', 'o2', 'o3', 'o4']);
  });

  it('sa and eb: the element starts after or ends before the whole range', () => {
    assert.deepEqual(q('date=sa2024-03-15'), ['o2', 'o4']);
    assert.deepEqual(q('date=eb2024-03-15'), ['o5']);
    assert.deepEqual(q('date=eb2024-03-21'), ['o1', 'o2', 'o3', 'o5']);
    assert.deepEqual(q('date=sa2024-03'), ['o4']);
  });

  it('ap: overlaps the range widened by 10% of its distance from now', () => {
    const at = (now: string, query: string): string[] =>
      executeSearch(store, parseSearch('Observation', pairs(query), { ...OPTIONS, now: Date.parse(now) })).matches.map(
        (r) => r.id,
      );
    // ~80 days away: about 8 days either side, reaching o1, o2 and o3 but not o4.
    assert.deepEqual(at('2024-06-01T00:00:00Z', 'date=ap2024-03-12'), ['o1', 'o2', 'o3']);
    // Today: no widening, only what overlaps 12 March.
    assert.deepEqual(at('2024-03-12T12:00:00Z', 'date=ap2024-03-12'), ['o3']);
  });

  it('ORs values and ANDs repeated parameters', () => {
    assert.deepEqual(q('date=2024-03-15,2024-03-16'), ['o1', 'o2']);
    assert.deepEqual(q('date=ge2024-03-01&date=lt2024-03-16'), ['o1', 'o3']);
  });

  it('applies to date elements (birthdate)', () => {
    assert.deepEqual(ids(store, 'Patient', 'birthdate=1980'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'birthdate=1980-05'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'birthdate=1980-05-21'), []);
    assert.deepEqual(ids(store, 'Patient', 'birthdate=lt1981'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'birthdate=ge1981-06-01'), ['p2'], '1981 extends past June');
    assert.deepEqual(ids(store, 'Patient', 'birthdate=1981-06'), [], 'a year is not within a month');
  });

  it('searches _lastUpdated on meta.lastUpdated', () => {
    const { store: s, clock } = makeStore([obs('early', {}), obs('also-early', {})]);
    clock.set(new Date('2024-02-01T12:00:00Z'));
    s.create(obs('late', {}), { id: 'late' });
    assert.deepEqual(ids(s, 'Observation', '_lastUpdated=gt2024-01-01'), ['late']);
    assert.deepEqual(ids(s, 'Observation', '_lastUpdated=2024-01-01'), ['early', 'also-early']);
    assert.deepEqual(ids(s, 'Observation', '_lastUpdated=2024-02-01T12:00:00Z'), ['late']);
    assert.deepEqual(ids(s, 'Observation', '_lastUpdated=lt2024-02-01T12:00:00Z'), ['early', 'also-early']);
  });

  it('rejects malformed dates, naming the parameter and the value', () => {
    assert400(() => q('date=2024-13-01'), "'date'", '2024-13-01');
    assert400(() => q('date=2024-02-30'), '2024-02-30');
    assert400(() => q('date=yesterday'), 'yesterday');
    assert400(() => q('date=xx2024'), 'xx2024');
    assert400(() => q('date=2024-03-15T25:00Z'), '2024-03-15T25:00Z');
    assert400(() => ids(store, 'Patient', 'birthdate=1980-5-2'), 'birthdate', '1980-5-2');
    assert400(() => q('date:exact=2024'), ':exact');
  });
});
