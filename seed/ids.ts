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

/** The count of each type's ids so far and its prefix (`pt-0001-obs-`), made on first use. */
interface Counter {
  n: number;
  prefix: string;
  /** `'0'`s to put before a count of 1, 2, ... digits (past the padding: none). */
  zeros: readonly string[];
}

/** Zeros before a count of 1, 2, ... digits, by padding width. */
const ZEROS: readonly (readonly string[])[] = Object.freeze(
  [0, 1, 2, 3, 4].map((width) => Object.freeze(Array.from({ length: width }, (_, i) => '0'.repeat(width - 1 - i)))),
);

/**
 * An IdMaker for the chart of the patient `patient` (its id). Each id is one flat string:
 * a template literal would make it a tree of pieces in V8 (a rope), about twice its size.
 */
export function createIdMaker(patient: string): IdMaker {
  const counters = new Map<PatientResourceType, Counter>();
  return {
    next(type) {
      let c = counters.get(type);
      if (c === undefined) counters.set(type, (c = { n: 0, prefix: [patient, ID_KINDS[type], ''].join('-'), zeros: ZEROS[PAD[type]]! }));
      const n = ++c.n;
      const digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : 5;
      const zeros = c.zeros[digits - 1];
      return zeros === undefined || zeros === '' ? [c.prefix, n].join('') : [c.prefix, zeros, n].join('');
    },
  };
}
