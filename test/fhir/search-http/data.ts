/** A small chart for the search feature tests over HTTP: fixed ids, so tests can name them. */
import type { Resource } from '../../../src/fhir/resource.js';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition';
const OMB = 'urn:oid:2.16.840.1.113883.6.238';

const omb = (url: string, code: string, display: string): Record<string, unknown> => ({
  url: `${US_CORE}/${url}`,
  extension: [
    { url: 'ombCategory', valueCoding: { system: OMB, code, display } },
    { url: 'text', valueString: display },
  ],
});

const quantity = (value: number, unit = 'mm[Hg]'): Record<string, unknown> => ({ value, unit, system: UCUM, code: unit });

const bloodPressure = (id: string, patient: string, systolic: number, diastolic: number): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code: '85354-9' }] },
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: '2024-03-01T10:00:00Z',
  component: [
    { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: quantity(systolic) },
    { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: quantity(diastolic) },
  ],
});

const heartRate = (id: string, patient: string, value: number): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: LOINC, code: '8867-4' }] },
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: '2024-03-01T10:00:00Z',
  valueQuantity: quantity(value, '/min'),
});

const prescription = (id: string, patient: string, medication: Record<string, unknown>): Resource => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'active',
  intent: 'order',
  subject: { reference: `Patient/${patient}` },
  ...medication,
});

export const SEARCH_DATA: Resource[] = [
  { resourceType: 'Organization', id: 'org-1', name: 'Acme Hospital' },
  {
    resourceType: 'Patient',
    id: 'pat-a',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Ana Lopez</div>' },
    extension: [omb('us-core-race', '2106-3', 'White'), omb('us-core-ethnicity', '2186-5', 'Not Hispanic or Latino')],
    identifier: [{ system: 'urn:example:mrn', value: 'A1' }],
    name: [{ family: 'Lopez', given: ['Ana'] }],
    gender: 'female',
    birthDate: '1970-01-01',
    managingOrganization: { reference: 'Organization/org-1' },
  },
  {
    resourceType: 'Patient',
    id: 'pat-b',
    extension: [omb('us-core-race', '2054-5', 'Black or African American'), omb('us-core-ethnicity', '2135-2', 'Hispanic or Latino')],
    identifier: [{ system: 'urn:example:mrn', value: 'B1' }],
    name: [{ family: 'Smith', given: ['Ben'] }],
    gender: 'male',
    birthDate: '1960-01-01',
  },
  bloodPressure('bp-a', 'pat-a', 150, 85),
  bloodPressure('bp-b', 'pat-b', 120, 95),
  heartRate('hr-a', 'pat-a', 72),
  { ...heartRate('hr-b', 'pat-b', 100), performer: [{ identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '9999999698' } }] },
  { resourceType: 'Medication', id: 'med-1', code: { coding: [{ system: RXNORM, code: '3' }] } },
  prescription('mr-a', 'pat-a', { medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1' }] } }),
  prescription('mr-b', 'pat-b', { medicationCodeableConcept: { coding: [{ system: RXNORM, code: '2' }] } }),
  prescription('mr-c', 'pat-a', { medicationReference: { reference: 'Medication/med-1' } }),
  {
    resourceType: 'Encounter',
    id: 'enc-a',
    status: 'finished',
    class: { code: 'AMB' },
    subject: { reference: 'Patient/pat-a' },
    period: { start: '2024-01-01T00:00:00Z', end: '2024-01-10T00:00:00Z' },
  },
  {
    resourceType: 'Encounter',
    id: 'enc-b',
    status: 'in-progress',
    class: { code: 'IMP' },
    subject: { reference: 'Patient/pat-b' },
    period: { start: '2024-03-01T00:00:00Z' },
  },
];
