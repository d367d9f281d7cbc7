import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredResource } from '../../../src/fhir/resource.js';
import { assert400, makeStore, parse, run } from './fixtures.js';

const obs = (id: string, extra: Record<string, unknown>) => ({ resourceType: 'Observation', id, status: 'final', code: {}, ...extra });

const { store } = makeStore([
  { resourceType: 'Patient', id: 'p1' },
  { resourceType: 'Patient', id: 'p2' },
  { resourceType: 'Practitioner', id: 'dr1' },
  obs('o1', { subject: { reference: 'Patient/p1' }, performer: [{ reference: 'Practitioner/dr1' }] }),
  obs('o2', { subject: { reference: 'Patient/p2' } }),
  obs('o3', { subject: { reference: 'Patient/p1' }, hasMember: [{ reference: 'Observation/o1' }] }),
  { resourceType: 'Provenance', id: 'pv1', target: [{ reference: 'Observation/o1' }], recorded: '2024-01-01T00:00:00Z' },
  { resourceType: 'Provenance', id: 'pv2', target: [{ reference: 'Patient/p1' }], recorded: '2024-01-01T00:00:00Z' },
  {
    resourceType: 'Provenance',
    id: 'pv3',
    target: [{ reference: 'Observation/o2' }],
    entity: [{ what: { reference: 'Observation/o1' } }],
    recorded: '2024-01-01T00:00:00Z',
  },
]);

const keys = (rs: StoredResource[]): string[] => rs.map((r) => `${r.resourceType}/${r.id}`);

describe('_include', () => {
  it('adds the referenced resources once each', () => {
    const r = run(store, 'Observation', '_include=Observation:patient');
    assert.deepEqual(keys(r.matches), ['Observation/o1', 'Observation/o2', 'Observation/o3']);
    assert.deepEqual(keys(r.includes), ['Patient/p1', 'Patient/p2']);
  });

  it('supports a target type and the * wildcard', () => {
    assert.deepEqual(keys(run(store, 'Observation', '_include=Observation:subject:Patient').includes), [
      'Patient/p1',
      'Patient/p2',
    ]);
    assert.deepEqual(keys(run(store, 'Observation', '_id=o1&_include=Observation:*').includes), [
      'Patient/p1',
      'Practitioner/dr1',
    ]);
    assert.deepEqual(keys(run(store, 'Observation', '_include=Observation:performer').includes), ['Practitioner/dr1']);
  });

  it('never includes a resource that is already a match', () => {
    const r = run(store, 'Observation', '_include=Observation:has-member');
    assert.deepEqual(r.includes, []);
    const only3 = run(store, 'Observation', '_id=o3&_include=Observation:has-member');
    assert.deepEqual(keys(only3.includes), ['Observation/o1']);
  });

  it('is computed for the current page only', () => {
    assert.deepEqual(keys(run(store, 'Observation', '_count=1&_include=Observation:patient').includes), ['Patient/p1']);
    assert.deepEqual(keys(run(store, 'Observation', '_count=1&_offset=1&_include=Observation:patient').includes), [
      'Patient/p2',
    ]);
  });

  it('rejects malformed or impossible includes', () => {
    assert400(() => parse('Observation', '_include=Patient:organization'), '_include', 'Observation');
    assert400(() => parse('Observation', '_include=Observation:code'), 'code', 'reference');
    assert400(() => parse('Observation', '_include=Observation'), '_include');
    assert400(() => parse('Observation', '_include=Observation:subject:Nope'), 'Nope');
    assert400(() => parse('Observation', '_include=Observation:patient:Group'), 'Group');
  });

  it('checks _include:iterate like _include, but lets it start from another type', () => {
    assert.deepEqual(parse('Observation', '_include:iterate=Patient:organization').include, [
      { sourceType: 'Patient', param: 'organization', iterate: true },
    ]);
    assert400(() => parse('Observation', '_include:iterate=Patient:gender'), '_include:iterate', 'gender');
    assert400(() => parse('Observation', '_include=Patient:organization'), '_include', 'source type');
  });
});

describe('_revinclude', () => {
  it('adds the resources that refer to the matches through the parameter', () => {
    assert.deepEqual(keys(run(store, 'Patient', '_revinclude=Observation:patient').includes), [
      'Observation/o1',
      'Observation/o3',
      'Observation/o2',
    ]);
    assert.deepEqual(keys(run(store, 'Patient', '_id=p1&_revinclude=Provenance:target').includes), ['Provenance/pv2']);
  });

  it('checks the parameter, not just any reference', () => {
    // pv3 refers to o1 through entity, not target.
    assert.deepEqual(keys(run(store, 'Observation', '_id=o1&_revinclude=Provenance:target').includes), ['Provenance/pv1']);
    assert.deepEqual(keys(run(store, 'Observation', '_id=o1&_revinclude=Provenance:patient').includes), []);
  });

  it('rejects a revinclude whose target type is not the searched type', () => {
    assert400(() => parse('Patient', '_revinclude=Provenance:target:Observation'), 'Patient');
    assert400(() => parse('Patient', '_revinclude=Provenance:nope'), 'nope');
  });
});

describe('the access filter', () => {
  it('applies to matches before the total and paging, and to included resources', () => {
    const hidden = new Set(['Observation/o3', 'Patient/p2', 'Provenance/pv1']);
    const filter = (r: Readonly<StoredResource>): boolean => !hidden.has(`${r.resourceType}/${r.id}`);
    const r = run(store, 'Observation', '_include=Observation:patient&_revinclude=Provenance:target', { filter });
    assert.equal(r.total, 2);
    assert.deepEqual(keys(r.matches), ['Observation/o1', 'Observation/o2']);
    assert.deepEqual(keys(r.includes), ['Patient/p1', 'Provenance/pv3']);
    const paged = run(store, 'Observation', '_count=1&_offset=1', { filter });
    assert.deepEqual([keys(paged.matches), paged.total], [['Observation/o2'], 2]);
  });
});
