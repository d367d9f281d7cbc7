import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert400, ids, makeStore } from './fixtures.js';

const { store } = makeStore([
  { resourceType: 'Patient', id: 'p1' },
  { resourceType: 'Patient', id: 'p2' },
  { resourceType: 'Group', id: 'p1' },
  { resourceType: 'Observation', id: 'rel', status: 'final', code: {}, subject: { reference: 'Patient/p1' } },
  {
    resourceType: 'Observation',
    id: 'abs',
    status: 'final',
    code: {},
    subject: { reference: 'https://ehr.example.org/fhir/Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
  },
  { resourceType: 'Observation', id: 'ver', status: 'final', code: {}, subject: { reference: 'Patient/p2/_history/3' } },
  { resourceType: 'Observation', id: 'grp', status: 'final', code: {}, subject: { reference: 'Group/p1' } },
  { resourceType: 'Observation', id: 'none', status: 'final', code: {}, subject: { display: 'Someone' } },
  {
    resourceType: 'Provenance',
    id: 'prov',
    target: [{ reference: 'Observation/rel' }, { reference: 'Patient/p2' }],
    recorded: '2024-01-01T00:00:00Z',
    agent: [{ who: { reference: 'Practitioner/d1' } }],
  },
]);

describe('reference search', () => {
  it('matches Type/id against relative, absolute and versioned references', () => {
    assert.deepEqual(ids(store, 'Observation', 'patient=Patient/p1'), ['rel', 'abs']);
    assert.deepEqual(ids(store, 'Observation', 'patient=Patient/p2'), ['ver']);
  });

  it('matches a bare id against every target type of the parameter', () => {
    assert.deepEqual(ids(store, 'Observation', 'patient=p1'), ['rel', 'abs'], 'patient targets Patient only');
    assert.deepEqual(ids(store, 'Observation', 'subject=p1'), ['rel', 'abs', 'grp'], 'subject targets Patient and Group');
  });

  it('narrows a bare id with the :Type modifier', () => {
    assert.deepEqual(ids(store, 'Observation', 'subject:Group=p1'), ['grp']);
    assert.deepEqual(ids(store, 'Observation', 'subject:Patient=p1'), ['rel', 'abs']);
  });

  it('compares an absolute URL on its Type/id', () => {
    assert.deepEqual(ids(store, 'Observation', 'subject=http://elsewhere.example/base/Patient/p1'), ['rel', 'abs']);
  });

  it('ORs values and supports :missing', () => {
    assert.deepEqual(ids(store, 'Observation', 'subject=Patient/p2,Group/p1'), ['ver', 'grp']);
    assert.deepEqual(ids(store, 'Observation', 'encounter:missing=false'), ['abs']);
    assert.deepEqual(ids(store, 'Observation', 'encounter=e1'), ['abs']);
  });

  it('lets parameters without fixed targets match any type', () => {
    assert.deepEqual(ids(store, 'Provenance', 'target=rel'), ['prov']);
    assert.deepEqual(ids(store, 'Provenance', 'target=Observation/rel'), ['prov']);
    assert.deepEqual(ids(store, 'Provenance', 'patient=p2'), ['prov']);
    assert.deepEqual(ids(store, 'Provenance', 'patient=rel'), [], 'patient only counts Patient targets');
  });

  it('rejects references to types the parameter cannot point at', () => {
    assert400(() => ids(store, 'Observation', 'patient=Practitioner/d1'), 'patient', 'Practitioner');
    assert400(() => ids(store, 'Observation', 'subject:Practitioner=d1'), 'Practitioner');
    assert400(() => ids(store, 'Observation', 'subject:Nonsense=d1'), 'Nonsense');
    assert400(() => ids(store, 'Observation', 'subject:Patient=Group/p1'), 'subject:Patient');
    assert400(() => ids(store, 'Observation', 'subject=not a reference!'), 'subject');
  });

  it('rejects non-type modifiers on references', () => {
    assert400(() => ids(store, 'Observation', 'subject:exact=p1'), ':exact');
  });
});
