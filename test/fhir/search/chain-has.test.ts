import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluatePath } from '../../../src/fhir/search/paths.js';
import { formatSearch } from '../../../src/fhir/search/index.js';
import { assert400, ids, makeStore, parse } from './fixtures.js';

const { store } = makeStore([
  { resourceType: 'Organization', id: 'o1', name: 'Acme' },
  { resourceType: 'Patient', id: 'p1', name: [{ family: 'Lopez' }], managingOrganization: { reference: 'Organization/o1' } },
  { resourceType: 'Patient', id: 'p2', name: [{ family: 'Smith' }] },
  { resourceType: 'Observation', id: 'x1', status: 'final', code: { coding: [{ code: 'a' }] }, subject: { reference: 'Patient/p1' } },
  { resourceType: 'Observation', id: 'x2', status: 'final', code: { coding: [{ code: 'b' }] }, subject: { reference: 'Patient/p2' } },
]);

describe('element paths', () => {
  it('select extensions by a URL with dots in it', () => {
    const resource = {
      extension: [
        { url: 'http://example.org/a.b', valueString: 'yes' },
        { url: 'http://example.org/other', valueString: 'no' },
      ],
    };
    assert.deepEqual(evaluatePath(resource, 'extension[url=http://example.org/a.b].valueString'), ['yes']);
  });
});

describe('chains and _has in the parser and executor', () => {
  it('parse a chain into its reference and the criterion on each target, and format it back', () => {
    const request = parse('Observation', 'subject:Patient.name=lopez');
    const [chain] = request.criteria;
    assert.equal(chain?.kind, 'chain');
    assert.deepEqual(chain?.kind === 'chain' ? chain.targets.map((t) => t.type) : [], ['Patient']);
    assert.equal(formatSearch(request), 'subject:Patient.name=lopez&_count=50&_offset=0');
  });

  it('resolve chains, several levels deep, and _has, nested', () => {
    assert.deepEqual(ids(store, 'Observation', 'patient.name=smith'), ['x2']);
    assert.deepEqual(ids(store, 'Observation', 'patient.organization.name=acme'), ['x1']);
    assert.deepEqual(ids(store, 'Patient', '_has:Observation:patient:code=b'), ['p2']);
    assert.deepEqual(ids(store, 'Organization', '_has:Patient:organization:_has:Observation:patient:code=a'), ['o1']);
    assert.deepEqual(ids(store, 'Organization', '_has:Patient:organization:_has:Observation:patient:code=b'), []);
  });

  it('ignore a chain or _has with an empty value, like any empty parameter', () => {
    assert.deepEqual(parse('Observation', 'patient.name=').ignored, ['patient.name']);
    assert.deepEqual(parse('Patient', '_has:Observation:patient:code=').ignored, ['_has:Observation:patient:code']);
  });

  it('refuse malformed _has keys', () => {
    assert400(() => parse('Patient', '_has:Observation:patient=1'), 'too few parts');
    assert400(() => parse('Patient', '_has:Nope:patient:code=1'), 'Nope');
    assert400(() => parse('Patient', '_has:Observation:status:code=1'), 'status');
  });
});
