/**
 * Resource ids. They are readable and stable: the same position in the data set always has
 * the same id, whatever the seed, so examples and tests can name them.
 *
 * - shared resources: `org-1`, `loc-clinic`, `pract-01`, `role-01`
 * - a patient: `pt-0001` (1-based, at least four digits)
 * - a patient's other resources: the patient id, a short kind and a counter,
 *   e.g. `pt-0001-enc-003`, `pt-0001-obs-0042`, `pt-0001-rp-1`
 *
 * All are URL-safe and match the FHIR id pattern (at most 64 characters).
 */

/** Patient id for a 0-based patient index. */
export function patientId(index: number): string {
  return `pt-${String(index + 1).padStart(4, '0')}`;
}

/** Practitioner id for a 0-based index. */
export function practitionerId(index: number): string {
  return `pract-${String(index + 1).padStart(2, '0')}`;
}

/** PractitionerRole id for a 0-based practitioner index. */
export function practitionerRoleId(index: number): string {
  return `role-${String(index + 1).padStart(2, '0')}`;
}

/** Short kind prefixes of per-patient ids, by resource type. */
export const ID_KINDS = {
  RelatedPerson: 'rp',
  Encounter: 'enc',
  Condition: 'cond',
  Observation: 'obs',
  DiagnosticReport: 'dr',
  MedicationRequest: 'med',
  AllergyIntolerance: 'alg',
  Immunization: 'imm',
  Procedure: 'proc',
  DocumentReference: 'doc',
  CarePlan: 'cp',
  Goal: 'goal',
  Coverage: 'cov',
  CareTeam: 'ct',
  QuestionnaireResponse: 'qr',
  ServiceRequest: 'sr',
  MedicationDispense: 'disp',
  Device: 'dev',
  Specimen: 'spec',
  Media: 'media',
  Provenance: 'prov',
} as const;

/** The resource types of a patient's chart that get per-patient ids. */
export type PatientResourceType = keyof typeof ID_KINDS;

const PAD: Record<PatientResourceType, number> = {
  RelatedPerson: 1,
  Encounter: 3,
  Condition: 2,
  Observation: 4,
  DiagnosticReport: 3,
  MedicationRequest: 2,
  AllergyIntolerance: 2,
  Immunization: 3,
  Procedure: 2,
  DocumentReference: 2,
  CarePlan: 2,
  Goal: 2,
  Coverage: 1,
  CareTeam: 1,
  QuestionnaireResponse: 2,
  ServiceRequest: 2,
  MedicationDispense: 2,
  Device: 1,
  Specimen: 2,
  Media: 1,
  Provenance: 3,
};

/** Hands out the ids of one patient's resources, counting per type from 1. */
export interface IdMaker {
  next(type: PatientResourceType): string;
}

/**
 * An IdMaker for the chart of the patient `patient` (its id). Each id is one flat string:
 * a template literal would make it a tree of pieces in V8 (a rope), about twice its size.
 */
export function createIdMaker(patient: string): IdMaker {
  const counters = new Map<PatientResourceType, number>();
  const prefixes = new Map<PatientResourceType, string>();
  return {
    next(type) {
      const n = (counters.get(type) ?? 0) + 1;
      counters.set(type, n);
      let prefix = prefixes.get(type);
      if (prefix === undefined) prefixes.set(type, (prefix = [patient, ID_KINDS[type], ''].join('-')));
      return [prefix, String(n).padStart(PAD[type], '0')].join('');
    },
  };
}
