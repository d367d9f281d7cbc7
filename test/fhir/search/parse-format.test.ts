import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCriterion, executeSearch, formatSearch, parseSearch } from '../../../src/fhir/search/index.js';
import { assert400, ids, makeStore, OPTIONS, pairs, parse } from './fixtures.js';

const { store } = makeStore([
  { resourceType: 'Patient', id: 'p1', gender: 'female', name: [{ family: 'Müller' }] },
  { resourceType: 'Patient', id: 'p2', gender: 'male', name: [{ family: 'Miller' }] },
  { resourceType: 'Patient', id: 'p3', gender: 'female', name: [{ family: 'Stone' }] },
]);

describe('unknown and unsupported parameters', () => {
  it('ignores unknown parameters and lists them, unless strict', () => {
    const request = parse('Patient', 'shoe-size=42&gender=female');
    assert.deepEqual(request.ignored, ['shoe-size']);
    assert.deepEqual(
      executeSearch(store, request).matches.map((r) => r.id),
      ['p1', 'p3'],
    );
    assert400(() => parse('Patient', 'shoe-size=42', { strict: true }), 'shoe-size', 'strict');
  });

  it('never ignores an R4 parameter, chain or _has it cannot apply, strict or not', () => {
    assert400(() => parse('Patient', '_text=hello'), '_text', 'not supported');
    assert400(() => parse('Patient', 'phonetic=smith'), 'phonetic', 'not supported');
    assert400(() => parse('Patient', 'gender.name=x'), 'gender.name', 'only reference parameters');
    assert400(() => parse('Patient', 'organization.shoe-size=x'), 'organization.shoe-size', 'shoe-size');
    assert400(() => parse('Patient', 'shoe.size=x'), 'shoe.size');
    assert400(() => parse('Patient', '_has:Observation:patient:shoe-size=1'), '_has:Observation:patient:shoe-size');
    assert400(() => parse('Patient', '_has:Observation:code:status=final'), 'code');
    assert400(() => parse('Patient', '_include:recurse=Patient:organization', { strict: true }), '_include:recurse');
  });

  it('rejects unknown modifiers on known parameters, strict or not', () => {
    assert400(() => parse('Patient', 'family:sounds-like=x'), ':sounds-like', 'family');
    assert400(() => parse('Patient', 'gender:of-type=x'), ':of-type');
  });

  it('never treats formatting and result parameters as unknown', () => {
    const request = parse(
      'Patient',
      '_format=json&_pretty=true&_elements=name,Patient.gender&_summary=false&_total=accurate',
      { strict: true },
    );
    assert.deepEqual(request.ignored, []);
    assert.deepEqual(request.elements, ['name', 'gender']);
    assert.equal(request.summary, 'false');
    assert.equal(request.total, 'accurate');
  });

  it('rejects bad _summary, _total and _elements values', () => {
    assert400(() => parse('Patient', '_summary=maybe'), '_summary', 'maybe');
    assert400(() => parse('Patient', '_total=lots'), '_total', 'lots');
    assert400(() => parse('Patient', '_elements=name,<b>'), '_elements');
    assert400(() => parse('Patient', '_elements=name.family'), '_elements', 'top-level');
    assert400(() => parse('Patient', '_elements=name&_summary=true'), '_elements', '_summary');
    assert400(() => parse('Patient', '_total=none&_total=accurate'), '_total');
  });

  it('ignores parameters with an empty value', () => {
    const request = parse('Patient', 'family=&gender=female');
    assert.deepEqual(request.ignored, ['family']);
    assert.deepEqual(executeSearch(store, request).matches.map((r) => r.id), ['p1', 'p3']);
  });
});

describe('formatSearch', () => {
  it('repeats the criteria and result parameters, encoded, with _count and _offset', () => {
    const request = parse(
      'Observation',
      'code=http%3A%2F%2Floinc.org%7C1234-5,x&date=ge2024-01-01T00:00:00%2B01:00&subject:Patient=p1' +
        '&_sort=-date,code&_include=Observation:patient&_revinclude=Provenance:target&unknown=1&_count=10&_summary=data',
    );
    assert.equal(
      formatSearch(request),
      'code=http://loinc.org%7C1234-5,x&date=ge2024-01-01T00:00:00%2B01:00&subject:Patient=p1&_sort=-date,code' +
        '&_include=Observation:patient&_revinclude=Provenance:target&_summary=data&_count=10&_offset=0',
    );
    assert.match(formatSearch(request, { offset: 20 }), /&_count=10&_offset=20$/);
  });

  it('produces a query that parses back to the same search', () => {
    const first = parse('Patient', 'family=m%C3%BCl,sto&gender:not=male&_sort=-family&_count=2');
    const again = parseSearch('Patient', pairs(formatSearch(first)), OPTIONS);
    assert.deepEqual(again.criteria, first.criteria);
    assert.deepEqual(again.sort, first.sort);
    assert.deepEqual(ids(store, 'Patient', formatSearch(first)), ['p3', 'p1']);
  });

  it('always includes the effective _count, capped', () => {
    assert.equal(formatSearch(parse('Patient', '_count=500', { maxCount: 100 })), '_count=100&_offset=0');
  });
});

describe('addCriterion', () => {
  it('ANDs a criterion in place, left out of the links', () => {
    const request = parse('Patient', 'gender=female');
    const same = addCriterion(request, 'family', 'sto', Date.now());
    assert.equal(same, request);
    assert.deepEqual(executeSearch(store, request).matches.map((r) => r.id), ['p3']);
    assert.equal(formatSearch(request), 'gender=female&_count=50&_offset=0');
  });

  it('survives structuredClone (the request is plain data)', () => {
    const request = parse('Patient', 'family=mu&_sort=family&_include=Patient:organization');
    const copy = structuredClone(request);
    addCriterion(request, 'gender', 'male', Date.now());
    assert.deepEqual(executeSearch(store, copy).matches.map((r) => r.id), ['p1']);
    assert.deepEqual(executeSearch(store, request).matches.map((r) => r.id), []);
  });

  it('rejects unknown names and bad values', () => {
    assert400(() => addCriterion(parse('Patient', ''), 'nope', 'x', Date.now()), 'nope');
    assert400(() => addCriterion(parse('Patient', ''), 'birthdate', 'soon', Date.now()), 'birthdate');
    assert400(() => addCriterion(parse('Patient', ''), 'family', '', Date.now()), 'family');
  });
});
