import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isInPatientCompartment,
  patientCompartmentParams,
  restrictToPatientCompartment,
} from '../../../src/fhir/compartment.js';
import { R4_RESOURCE_TYPES } from '../../../src/fhir/resource-types.js';
import { executeSearch, findSearchParameter } from '../../../src/fhir/search/index.js';
import type { ResourceStore } from '../../../src/store/resource-store.js';
import { makeStore, parse } from './fixtures.js';

const obs = (id: string, extra: Record<string, unknown>) => ({ resourceType: 'Observation', id, status: 'final', code: {}, ...extra });

const { store } = makeStore([
  { resourceType: 'Patient', id: 'p1' },
  { resourceType: 'Patient', id: 'p2' },
  { resourceType: 'Patient', id: 'alias', link: [{ other: { reference: 'Patient/p1' }, type: 'seealso' }] },
  { resourceType: 'Practitioner', id: 'dr1' },
  obs('own', { subject: { reference: 'Patient/p1' } }),
  obs('performed', { subject: { reference: 'Patient/p2' }, performer: [{ reference: 'Patient/p1' }] }),
  obs('other', { subject: { reference: 'Patient/p2' } }),
  obs('via-alias', { subject: { reference: 'Patient/alias' } }),
  obs('group', { subject: { reference: 'Group/p1' } }),
  { resourceType: 'Coverage', id: 'cov', status: 'active', beneficiary: { reference: 'Patient/p2' }, payor: [{ reference: 'Patient/p1' }] },
  { resourceType: 'Device', id: 'dev', patient: { reference: 'Patient/p1' } },
]);

const peek = (type: string, id: string) => store.peek(type, id)!;

describe('Patient compartment', () => {
  it('lists the R4 compartment parameters per type', () => {
    assert.deepEqual(patientCompartmentParams('Observation'), ['subject', 'performer']);
    assert.deepEqual(patientCompartmentParams('AllergyIntolerance'), ['patient', 'recorder', 'asserter']);
    assert.deepEqual(patientCompartmentParams('Coverage'), ['policy-holder', 'subscriber', 'beneficiary', 'payor']);
    assert.equal(patientCompartmentParams('Practitioner'), undefined);
    assert.equal(patientCompartmentParams('Device'), undefined, 'R4 keeps Device out of the Patient compartment');
    assert.equal(patientCompartmentParams('NotAType'), undefined);
  });

  it('has a reference search parameter for every compartment parameter', () => {
    let count = 0;
    for (const type of R4_RESOURCE_TYPES) {
      for (const name of patientCompartmentParams(type) ?? []) {
        const def = findSearchParameter(type, name);
        assert.equal(def?.kind, 'reference', `${type}.${name}`);
        count++;
      }
    }
    assert.ok(count > 90, `${count} compartment parameters`);
  });

  it('decides membership through any compartment parameter', () => {
    assert.equal(isInPatientCompartment(store, peek('Observation', 'own'), 'p1'), true);
    assert.equal(isInPatientCompartment(store, peek('Observation', 'own'), 'p2'), false);
    assert.equal(isInPatientCompartment(store, peek('Observation', 'performed'), 'p1'), true, 'performer');
    assert.equal(isInPatientCompartment(store, peek('Observation', 'performed'), 'p2'), true, 'subject');
    assert.equal(isInPatientCompartment(store, peek('Observation', 'group'), 'p1'), false, 'Group/p1 is not Patient/p1');
    assert.equal(isInPatientCompartment(store, peek('Coverage', 'cov'), 'p1'), true, 'payor');
    assert.equal(isInPatientCompartment(store, peek('Device', 'dev'), 'p1'), false);
    assert.equal(isInPatientCompartment(store, peek('Practitioner', 'dr1'), 'p1'), false);
  });

  it('puts a patient in its own compartment, with the Patient resources linking to it but not their records', () => {
    assert.equal(isInPatientCompartment(store, peek('Patient', 'p1'), 'p1'), true);
    assert.equal(isInPatientCompartment(store, peek('Patient', 'p2'), 'p1'), false);
    assert.equal(isInPatientCompartment(store, peek('Patient', 'alias'), 'p1'), true);
    assert.equal(isInPatientCompartment(store, peek('Observation', 'via-alias'), 'p1'), false, 'R4 Patient: link names the Patient resource only');
    assert.equal(isInPatientCompartment(store, peek('Observation', 'via-alias'), 'alias'), true);
    assert.equal(isInPatientCompartment(store, peek('Observation', 'via-alias'), 'p2'), false);
  });

  it('restricts a search to a compartment through the reference index', () => {
    const noScan: ResourceStore = {
      ...store,
      all: () => {
        throw new Error('scanned');
      },
    };
    const search = (type: string, query: string, patient: string): string[] =>
      executeSearch(noScan, restrictToPatientCompartment(store, parse(type, query), patient)).matches.map((r) => r.id);
    assert.deepEqual(search('Observation', '', 'p1'), ['own', 'performed']);
    assert.deepEqual(search('Observation', 'patient=p2', 'p1'), ['performed']);
    assert.deepEqual(search('Patient', '', 'p1'), ['p1', 'alias']);
    assert.deepEqual(search('Patient', '', 'p2'), ['p2']);
    assert.deepEqual(search('Practitioner', '', 'p1'), [], 'types outside the compartment match nothing');
    assert.deepEqual(search('Device', '', 'p1'), []);
  });
});
