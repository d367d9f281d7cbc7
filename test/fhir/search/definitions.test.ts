import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { R4_RESOURCE_TYPES } from '../../../src/fhir/resource-types.js';
import { findSearchParameter, searchParametersFor } from '../../../src/fhir/search/index.js';
import { evaluatePath } from '../../../src/fhir/search/paths.js';

/** The US Core 3.1.1 search parameters (and the brief's extras) that must exist. */
const REQUIRED: Record<string, string[]> = {
  Patient: ['_id', 'name', 'family', 'given', 'birthdate', 'gender', 'identifier', 'general-practitioner', 'address-city', 'phone', 'email', 'active'],
  Observation: ['patient', 'subject', 'code', 'category', 'date', 'status', 'encounter', 'value-quantity', 'value-concept', 'performer', 'based-on', '_lastUpdated'],
  Encounter: ['patient', 'subject', 'date', 'class', 'type', 'status', 'identifier', 'location', 'practitioner', 'participant', 'reason-code', '_id'],
  Condition: ['patient', 'subject', 'category', 'clinical-status', 'verification-status', 'code', 'onset-date', 'abatement-date', 'recorded-date', 'encounter'],
  AllergyIntolerance: ['patient', 'clinical-status', 'verification-status', 'code', 'category', 'criticality', 'type'],
  MedicationRequest: ['patient', 'subject', 'status', 'intent', 'authoredon', 'encounter', 'medication', 'code', 'requester'],
  Immunization: ['patient', 'status', 'date', 'vaccine-code'],
  Procedure: ['patient', 'subject', 'date', 'code', 'status', 'encounter'],
  DiagnosticReport: ['patient', 'subject', 'category', 'code', 'date', 'status', 'encounter', 'result', 'issued'],
  Practitioner: ['name', 'family', 'given', 'identifier', '_id'],
  DocumentReference: ['patient', 'subject', 'category', 'type', 'date', 'status', 'encounter', 'period'],
  CarePlan: ['patient', 'subject', 'category', 'status', 'date'],
  Goal: ['patient', 'subject', 'lifecycle-status', 'target-date'],
  Organization: ['name', 'identifier'],
  Location: ['name', 'address'],
  PractitionerRole: ['practitioner', 'organization', 'role', 'specialty'],
  RelatedPerson: ['patient', 'name', 'identifier', 'relationship'],
  ServiceRequest: ['patient', 'subject', 'category', 'code', 'status', 'authored'],
  Medication: ['code'],
  Device: ['patient', 'type'],
  Coverage: ['patient', 'beneficiary'],
  Provenance: ['target', 'patient'],
};

describe('search parameter table', () => {
  it('has every required parameter', () => {
    for (const [type, names] of Object.entries(REQUIRED)) {
      for (const name of names) assert.ok(findSearchParameter(type, name), `${type}?${name}`);
    }
  });

  it('lists the common parameters for every type, first', () => {
    const names = searchParametersFor('Basic').map((d) => d.name);
    assert.deepEqual(names.slice(0, 2), ['_id', '_lastUpdated']);
    assert.deepEqual(
      searchParametersFor('Binary').map((d) => d.name),
      ['_id', '_lastUpdated', '_profile', '_security', '_source', '_tag'],
    );
  });

  it('gives reference parameters their targets', () => {
    assert.deepEqual(findSearchParameter('Observation', 'patient')?.targets, ['Patient']);
    assert.equal(findSearchParameter('Provenance', 'target')?.targets, undefined, 'any type');
    assert.equal(findSearchParameter('Observation', 'organization'), undefined);
  });

  it('is well formed: known types, unique names, parseable paths, descriptions', () => {
    for (const type of R4_RESOURCE_TYPES) {
      const defs = searchParametersFor(type);
      assert.equal(new Set(defs.map((d) => d.name)).size, defs.length, `${type} names are unique`);
      for (const d of defs) {
        assert.ok(d.type === type || d.type === 'Resource', `${type}.${d.name} type`);
        assert.ok(d.description.length > 0, `${type}.${d.name} description`);
        assert.ok(d.paths.length > 0);
        const paths = [...d.paths.filter((p) => p !== '$this'), ...(d.components ?? []).flatMap((c) => c.paths)];
        assert.equal(d.kind === 'composite', d.components !== undefined, `${type}.${d.name} components`);
        for (const p of paths) assert.doesNotThrow(() => evaluatePath({ resourceType: type }, p), `${type}.${d.name}: ${p}`);
        for (const t of d.targets ?? []) assert.ok(R4_RESOURCE_TYPES.has(t), `${type}.${d.name} target ${t}`);
      }
    }
    assert.throws(() => evaluatePath({}, 'a..b'), /Malformed/);
  });
});
