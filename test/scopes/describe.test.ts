import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoryOptions, categorySubScopes, describeScope, parseScope } from '../../src/scopes/index.js';

const OBS = 'http://terminology.hl7.org/CodeSystem/observation-category';

describe('describeScope', () => {
  const rows: [string, string][] = [
    [`patient/Observation.rs?category=${OBS}|laboratory`, 'Read and search your lab results (Observation, category laboratory)'],
    [`patient/Observation.rs?category=${OBS}|vital-signs`, 'Read and search your vital signs (Observation, category vital-signs)'],
    ['patient/Observation.rs?category=laboratory', 'Read and search your lab results (Observation, category laboratory)'],
    [
      'patient/Condition.rs?category=http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern',
      'Read and search your health concerns (Condition, category health-concern)',
    ],
    ['patient/Observation.rs?category=x|unknown-code', 'Read and search your observations (Observation, category unknown-code)'],
    ['patient/*.cruds', 'Create, read, update, delete and search all data about the patient in context'],
    ['patient/*.*', 'Create, read, update, delete and search all data about the patient in context'],
    ['patient/*.read', 'Read and search all data about the patient in context'],
    ['user/*.rs', 'Read and search all data you can access'],
    ['system/*.rs', 'Read and search all data on this server'],
    ['patient/Observation.rs', 'Read and search your observations (Observation)'],
    ['patient/Observation.c', 'Create your observations (Observation)'],
    ['patient/MedicationRequest.write', 'Create, update and delete your prescriptions (MedicationRequest)'],
    ['user/Appointment.cruds', 'Create, read, update, delete and search appointment records you can access (Appointment)'],
    ['system/Encounter.cud', 'Create, update and delete all visits and encounters (Encounter)'],
    ['offline_access', 'Stay signed in: the app may refresh its access while you are offline'],
    ['online_access', 'Stay signed in while you are online: the app may refresh its access until you sign out'],
    ['fhirUser', 'Know who you are (your FHIR user record)'],
    ['openid', 'Confirm your identity (sign you in)'],
    ['profile', 'See your basic profile (such as your name)'],
    ['launch', 'Receive the context the EHR launched it in (such as the open patient record)'],
    ['launch/patient', 'Know which patient record you are working with'],
    ['launch/encounter', 'Know which visit or encounter you are working with'],
  ];
  for (const [scope, text] of rows) {
    it(`describes ${scope}`, () => assert.equal(describeScope(scope), text));
  }

  it("names whose patient data it is for a reader who is not the patient", () => {
    assert.equal(describeScope('patient/Observation.rs', "Maria Lopez's"), "Read and search Maria Lopez's observations (Observation)");
    assert.equal(describeScope('user/Observation.rs', "Maria Lopez's"), 'Read and search observations you can access (Observation)');
  });

  it('describes an unrecognised scope instead of throwing', () => {
    assert.equal(describeScope('foo'), 'Unrecognised permission "foo" (unknown scope)');
    assert.match(describeScope('patient/Observation.sr'), /^Unrecognised permission .*out of order/);
  });
});

describe('categoryOptions', () => {
  it('offers the Observation categories with their code systems', () => {
    assert.deepEqual(
      categoryOptions('Observation').map((o) => `${o.system}|${o.code}`),
      [
        `${OBS}|laboratory`,
        `${OBS}|vital-signs`,
        `${OBS}|social-history`,
        `${OBS}|survey`,
        'http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh',
        'http://hl7.org/fhir/us/core/CodeSystem/us-core-observation-category|clinical-test',
        `${OBS}|imaging`,
        `${OBS}|procedure`,
        `${OBS}|exam`,
        `${OBS}|therapy`,
        `${OBS}|activity`,
      ],
    );
    assert.equal(categoryOptions('Observation')[0]!.display, 'Laboratory');
  });

  it('offers the Condition categories, health-concern from US Core', () => {
    assert.deepEqual(categoryOptions('Condition'), [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' },
      { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis', display: 'Encounter Diagnosis' },
      { system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern', display: 'Health Concern' },
    ]);
  });

  it('offers DiagnosticReport and DocumentReference categories from US Core', () => {
    assert.deepEqual(
      categoryOptions('DiagnosticReport').map((o) => `${o.system}|${o.code}`),
      ['http://terminology.hl7.org/CodeSystem/v2-0074|LAB', 'http://loinc.org|LP29684-5', 'http://loinc.org|LP29708-2', 'http://loinc.org|LP7839-6'],
    );
    assert.deepEqual(categoryOptions('DocumentReference'), [
      { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' },
    ]);
  });

  it('offers nothing for other types', () => {
    assert.deepEqual(categoryOptions('Patient'), []);
    assert.deepEqual(categoryOptions('*'), []);
  });
});

describe('categorySubScopes', () => {
  it('builds one granular scope per category, keeping context and permissions', () => {
    const subs = categorySubScopes('user/Condition.rs');
    assert.deepEqual(
      subs.map((s) => s.scope),
      [
        'user/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item',
        'user/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis',
        'user/Condition.rs?category=http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern',
      ],
    );
    for (const s of subs) assert.doesNotThrow(() => parseScope(s.scope));
  });

  it('writes the sub-scopes of a v1 scope in v2 letters', () => {
    assert.equal(categorySubScopes('patient/Observation.read')[0]!.scope, `patient/Observation.rs?category=${OBS}|laboratory`);
  });

  const none = ['patient/*.rs', 'patient/Patient.rs', `patient/Observation.rs?category=${OBS}|laboratory`, 'openid', 'foo'];
  for (const scope of none) {
    it(`offers no sub-scopes for ${scope}`, () => assert.deepEqual(categorySubScopes(scope), []));
  }
});
