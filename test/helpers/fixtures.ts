/**
 * A small hand-made chart for the authorization tests: two practitioners, three patients
 * (one a child whose mother is both a RelatedPerson and, through Patient.link, a patient who
 * may act for her), encounters, observations of two categories and a condition. Fixed ids,
 * so tests can name them.
 */
import { fileURLToPath } from 'node:url';
import type { Resource } from '../../src/fhir/resource.js';

/** A test-only RS256 key, so that sandboxes start without generating one. */
export const TEST_KEY_FILE = fileURLToPath(new URL('./fixtures/signing-key.json', import.meta.url));

const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

const practitioner = (id: string, given: string, family: string, npi: string): Resource => ({
  resourceType: 'Practitioner',
  id,
  identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: npi }],
  name: [{ use: 'official', family, given: [given], prefix: ['Dr.'] }],
});

const patient = (id: string, given: string, family: string, gender: string, birthDate: string, mrn: string, extra: Record<string, unknown> = {}): Resource => ({
  resourceType: 'Patient',
  id,
  identifier: [{ type: MR, system: 'urn:oid:1.2.36.146.595.217.0.1', value: mrn }],
  name: [{ use: 'official', family, given: [given] }],
  gender,
  birthDate,
  ...extra,
});

const encounter = (id: string, patientId: string, start: string, text: string): Resource => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
  type: [{ text }],
  subject: { reference: `Patient/${patientId}` },
  period: { start, end: start },
});

const observation = (id: string, patientId: string, category: string, code: string): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ system: OBS_CATEGORY, code: category }] }],
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2024-03-01T10:00:00Z',
});

export const FIXTURES: Resource[] = [
  practitioner('prac-1', 'Alice', 'Carter', '1234567893'),
  practitioner('prac-2', 'Bashir', 'Okafor', '1245319599'),
  patient('pat-1', 'Maria', 'Lopez', 'female', '1980-05-17', 'MRN-0001', { link: [{ other: { reference: 'RelatedPerson/rp-1' }, type: 'seealso' }] }),
  patient('pat-2', 'John', 'Smith', 'male', '1975-11-02', 'MRN-0002'),
  patient('child-1', 'Emma', 'Lopez', 'female', '2015-02-14', 'MRN-0003'),
  {
    resourceType: 'RelatedPerson',
    id: 'rp-1',
    patient: { reference: 'Patient/child-1', display: 'Emma Lopez' },
    name: [{ family: 'Lopez', given: ['Maria'] }],
    gender: 'female',
  },
  encounter('enc-1', 'pat-1', '2024-03-01T09:00:00Z', 'Annual check-up'),
  encounter('enc-2', 'pat-1', '2024-06-11T14:00:00Z', 'Follow-up visit'),
  encounter('enc-3', 'pat-2', '2024-01-20T08:30:00Z', 'Emergency visit'),
  observation('obs-lab-1', 'pat-1', 'laboratory', '2345-7'),
  observation('obs-vital-1', 'pat-1', 'vital-signs', '8867-4'),
  {
    resourceType: 'Condition',
    id: 'cond-1',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: { text: 'Hypertension' },
    subject: { reference: 'Patient/pat-1' },
  },
];
