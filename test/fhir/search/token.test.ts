import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert400, ids, makeStore } from './fixtures.js';

const LOINC = 'http://loinc.org';
const CAT = 'http://terminology.hl7.org/CodeSystem/observation-category';

const { store } = makeStore([
  {
    resourceType: 'Observation',
    id: 'bp',
    status: 'final',
    category: [{ coding: [{ system: CAT, code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }], text: 'Blood pressure' },
  },
  {
    resourceType: 'Observation',
    id: 'hr',
    status: 'preliminary',
    category: [{ coding: [{ system: CAT, code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] },
  },
  {
    resourceType: 'Observation',
    id: 'local',
    status: 'final',
    category: [{ coding: [{ system: CAT, code: 'laboratory' }] }],
    code: { coding: [{ code: '8867-4', display: 'Pulse (local code)' }], text: 'Pulsación' },
  },
  { resourceType: 'Observation', id: 'nocode', status: 'final', code: { text: 'Free text only' } },
  {
    resourceType: 'Patient',
    id: 'p1',
    active: true,
    gender: 'female',
    identifier: [
      { system: 'http://hospital.example/mrn', value: 'MRN-1' },
      { system: 'http://hospital.example/odd', value: 'a,b|c' },
    ],
    telecom: [
      { system: 'phone', value: '555-0100' },
      { system: 'email', value: 'ann@example.org' },
    ],
  },
  {
    resourceType: 'Patient',
    id: 'p2',
    active: false,
    gender: 'male',
    identifier: [{ system: 'http://other.example/mrn', value: 'MRN-1' }],
    telecom: [{ system: 'email', value: '555-0100' }],
  },
]);

describe('token search', () => {
  it('matches a bare code in any system', () => {
    assert.deepEqual(ids(store, 'Observation', 'code=8867-4'), ['hr', 'local']);
  });

  it('matches system|code only in that system', () => {
    assert.deepEqual(ids(store, 'Observation', `code=${LOINC}|8867-4`), ['hr']);
    assert.deepEqual(ids(store, 'Observation', 'code=http://snomed.info/sct|8867-4'), []);
  });

  it('matches |code only on codings without a system', () => {
    assert.deepEqual(ids(store, 'Observation', 'code=|8867-4'), ['local']);
  });

  it('matches system| on any code of the system', () => {
    assert.deepEqual(ids(store, 'Observation', `code=${LOINC}|`), ['bp', 'hr']);
  });

  it('ORs comma-separated values and ANDs repeated parameters', () => {
    assert.deepEqual(ids(store, 'Observation', 'code=85354-9,8867-4'), ['bp', 'hr', 'local']);
    assert.deepEqual(ids(store, 'Observation', 'code=85354-9,8867-4&category=vital-signs'), ['bp', 'hr']);
    assert.deepEqual(ids(store, 'Observation', 'status=final&status=preliminary'), []);
  });

  it(':not keeps resources without a matching code, including those with no code', () => {
    assert.deepEqual(ids(store, 'Observation', 'code:not=8867-4'), ['bp', 'nocode']);
    assert.deepEqual(ids(store, 'Observation', 'status:not=final'), ['hr']);
  });

  it(':text matches CodeableConcept text and Coding display, ignoring case and accents', () => {
    assert.deepEqual(ids(store, 'Observation', 'code:text=blood'), ['bp']);
    assert.deepEqual(ids(store, 'Observation', 'code:text=RATE'), ['hr']);
    assert.deepEqual(ids(store, 'Observation', 'code:text=pulsacion'), ['local']);
    assert.deepEqual(ids(store, 'Observation', 'code:text=free text'), ['nocode']);
  });

  it(':missing tells resources with and without the element apart', () => {
    assert.deepEqual(ids(store, 'Observation', 'category:missing=true'), ['nocode']);
    assert.deepEqual(ids(store, 'Observation', 'category:missing=false'), ['bp', 'hr', 'local']);
    assert400(() => ids(store, 'Observation', 'category:missing=maybe'), 'category:missing');
  });

  it('matches Identifier system and value', () => {
    assert.deepEqual(ids(store, 'Patient', 'identifier=MRN-1'), ['p1', 'p2']);
    assert.deepEqual(ids(store, 'Patient', 'identifier=http://hospital.example/mrn|MRN-1'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'identifier=mrn-1'), [], 'identifier values are case-sensitive');
  });

  it('honours escaped commas and bars in values', () => {
    assert.deepEqual(ids(store, 'Patient', 'identifier=http://hospital.example/odd|a\\,b\\|c'), ['p1']);
  });

  it('matches code and boolean primitives', () => {
    assert.deepEqual(ids(store, 'Patient', 'gender=female'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'gender=http://hl7.org/fhir/administrative-gender|male'), ['p2']);
    assert.deepEqual(ids(store, 'Patient', 'active=true'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'active=false'), ['p2']);
  });

  it('matches ContactPoint values, restricted by kind for phone and email', () => {
    assert.deepEqual(ids(store, 'Patient', 'telecom=555-0100'), ['p1', 'p2']);
    assert.deepEqual(ids(store, 'Patient', 'phone=555-0100'), ['p1']);
    assert.deepEqual(ids(store, 'Patient', 'email=ann@example.org'), ['p1']);
  });

  it('rejects unsupported token modifiers', () => {
    assert400(() => ids(store, 'Observation', 'code:in=http://example.org/vs'), ':in', 'code');
    assert400(() => ids(store, 'Observation', 'code:below=8867'), ':below');
  });

  it('looks _id up directly', () => {
    assert.deepEqual(ids(store, 'Observation', '_id=hr,bp,missing'), ['bp', 'hr']);
  });
});
