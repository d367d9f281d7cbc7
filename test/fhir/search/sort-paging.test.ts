import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert400, ids, makeStore, run } from './fixtures.js';

const patient = (id: string, family: string, birthDate?: string) => ({
  resourceType: 'Patient',
  id,
  name: [{ family }],
  ...(birthDate ? { birthDate } : {}),
});

// Created in this order; ids are deliberately not in creation order.
const { store } = makeStore([
  patient('s1', 'Baker', '1990'),
  patient('s2', 'Adams', '1980-06-01'),
  patient('s3', 'Clark'),
  patient('s4', 'adams', '1990'),
  patient('s5', 'Baker', '1985-02-03'),
]);

describe('_sort', () => {
  it('defaults to creation order', () => {
    assert.deepEqual(ids(store, 'Patient', ''), ['s1', 's2', 's3', 's4', 's5']);
    const { store: s } = makeStore([patient('z', 'Z'), patient('a', 'A'), patient('m', 'M')]);
    assert.deepEqual(ids(s, 'Patient', ''), ['z', 'a', 'm']);
  });

  it('sorts ascending with missing values last and ties in creation order', () => {
    assert.deepEqual(ids(store, 'Patient', '_sort=birthdate'), ['s2', 's5', 's1', 's4', 's3']);
  });

  it('sorts descending with missing values still last', () => {
    assert.deepEqual(ids(store, 'Patient', '_sort=-birthdate'), ['s1', 's4', 's5', 's2', 's3']);
  });

  it('sorts by several keys; strings ignore case', () => {
    assert.deepEqual(ids(store, 'Patient', '_sort=family,-birthdate'), ['s4', 's2', 's1', 's5', 's3']);
  });

  it('sorts by _id and _lastUpdated', () => {
    assert.deepEqual(ids(store, 'Patient', '_sort=-_id'), ['s5', 's4', 's3', 's2', 's1']);
    const { store: s, clock } = makeStore([patient('first', 'X')]);
    clock.advance(1000);
    s.create(patient('second', 'X'), { id: 'second' });
    clock.advance(1000);
    s.update({ ...patient('first', 'X'), id: 'first' });
    assert.deepEqual(ids(s, 'Patient', '_sort=-_lastUpdated'), ['first', 'second']);
    assert.deepEqual(ids(s, 'Patient', '_sort=_lastUpdated'), ['second', 'first']);
  });

  it('rejects sorting on an unknown parameter', () => {
    assert400(() => ids(store, 'Patient', '_sort=shoe-size'), '_sort', 'shoe-size');
    assert400(() => ids(store, 'Patient', '_sort=family,'), '_sort');
    assert400(() => ids(store, 'Patient', '_sort=code'), 'code', 'Patient');
  });
});

describe('paging', () => {
  it('pages stably with _count and _offset, with the total on each page', () => {
    const all = ids(store, 'Patient', '_sort=family');
    const pages = [0, 2, 4].map((offset) => run(store, 'Patient', `_sort=family&_count=2&_offset=${offset}`));
    assert.deepEqual(
      pages.flatMap((p) => p.matches.map((r) => r.id)),
      all,
    );
    for (const p of pages) assert.equal(p.total, 5);
    assert.deepEqual(
      pages.map((p) => [p.offset, p.count]),
      [
        [0, 2],
        [2, 2],
        [4, 2],
      ],
    );
  });

  it('uses the default count and caps _count at the maximum', () => {
    assert.equal(run(store, 'Patient', '', { defaultCount: 3 }).matches.length, 3);
    const capped = run(store, 'Patient', '_count=1000', { maxCount: 4 });
    assert.equal(capped.count, 4);
    assert.equal(capped.matches.length, 4);
  });

  it('_count=0 and _summary=count give the total only', () => {
    const zero = run(store, 'Patient', '_count=0&family=baker');
    assert.deepEqual([zero.matches.length, zero.total], [0, 2]);
    const summary = run(store, 'Patient', '_summary=count&family=baker&_include=Patient:organization');
    assert.deepEqual([summary.matches.length, summary.includes.length, summary.total], [0, 0, 2]);
  });

  it('an offset past the end gives an empty page with the total', () => {
    const past = run(store, 'Patient', '_offset=10');
    assert.deepEqual([past.matches.length, past.total], [0, 5]);
  });

  it('rejects bad _count and _offset values', () => {
    assert400(() => run(store, 'Patient', '_count=-1'), '_count', '-1');
    assert400(() => run(store, 'Patient', '_count=1.5'), '_count');
    assert400(() => run(store, 'Patient', '_count=ten'), '_count');
    assert400(() => run(store, 'Patient', '_offset=-5'), '_offset');
    assert400(() => run(store, 'Patient', '_count=1&_count=2'), '_count');
  });
});
