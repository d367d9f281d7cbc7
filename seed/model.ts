/** The internal model the modules pass around while one patient's chart is built. */
import type { Faker } from '@faker-js/faker';
import type { Resource } from '../src/fhir/resource.js';
import type { IdMaker } from './ids.js';
import type { Reference } from './fhir.js';
import type { Rng } from './random.js';
import type { Sharing } from './sharing.js';

/** Administrative gender, as generated (and birth sex). */
export type Sex = 'male' | 'female';

/** The locations of the organization. */
export type LocationKey = 'clinic' | 'pediatrics' | 'emergency' | 'hospital';

/** What a practitioner does, which decides the visits they see. */
export type PractitionerKind = 'family' | 'internal' | 'pediatrics' | 'emergency' | 'hospitalist' | 'nursePractitioner';

/** A practitioner as charts refer to them. */
export interface PractitionerInfo {
  id: string;
  roleId: string;
  name: string;
  kind: PractitionerKind;
  /** Shared (frozen) reference to the practitioner, with their name. */
  ref: Readonly<Reference>;
  /** `[ref]`, shared. */
  refs: readonly Readonly<Reference>[];
}

/** The shared resources every patient's chart points at. */
export interface Facility {
  organization: { id: string; name: string };
  /** Shared (frozen) reference to the organization. */
  organizationRef: Readonly<Reference>;
  locations: Record<LocationKey, { id: string; name: string; ref: Readonly<Reference> }>;
  practitioners: PractitionerInfo[];
  /** The state every address is in (two letters). */
  state: string;
  /** The towns patients live in (the organization's first), each with a ZIP code. */
  towns: readonly { city: string; postalCode: string }[];
  /** Street names to build addresses from. */
  streets: readonly string[];
  /** The health plans patients are covered by (Coverage.payor). */
  payers: Record<PayerKey, Readonly<Reference>>;
}

/** The kinds of health plan. */
export type PayerKey = 'medicare' | 'medicaid' | 'private';

/** What one chart-building step needs: randomness, ids, the facility and "today". */
export interface ChartContext {
  rng: Rng;
  faker: Faker;
  ids: IdMaker;
  facility: Facility;
  /** "Today" of the data, in ms. */
  now: number;
  /** Equal elements and strings of the generation, made once (sharing.ts). */
  shared: Sharing;
}

/** The resources of one patient's chart, by type, in the order they are emitted. */
export interface Chart {
  Patient: Resource[];
  RelatedPerson: Resource[];
  Encounter: Resource[];
  Condition: Resource[];
  Observation: Resource[];
  DiagnosticReport: Resource[];
  MedicationRequest: Resource[];
  AllergyIntolerance: Resource[];
  Immunization: Resource[];
  Procedure: Resource[];
  DocumentReference: Resource[];
  CarePlan: Resource[];
  Goal: Resource[];
  Coverage: Resource[];
  CareTeam: Resource[];
  QuestionnaireResponse: Resource[];
  ServiceRequest: Resource[];
  Specimen: Resource[];
  MedicationDispense: Resource[];
  Device: Resource[];
  Media: Resource[];
  Provenance: Resource[];
}

/** The order resource types of a chart are emitted in. */
export const CHART_ORDER: readonly (keyof Chart)[] = [
  'Patient',
  'RelatedPerson',
  'Encounter',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'MedicationRequest',
  'AllergyIntolerance',
  'Immunization',
  'Procedure',
  'DocumentReference',
  'CarePlan',
  'Goal',
  'Coverage',
  'CareTeam',
  'QuestionnaireResponse',
  'ServiceRequest',
  'Specimen',
  'MedicationDispense',
  'Device',
  'Media',
  'Provenance',
];

/** A chart with no resources yet. */
export function emptyChart(): Chart {
  return {
    Patient: [],
    RelatedPerson: [],
    Encounter: [],
    Condition: [],
    Observation: [],
    DiagnosticReport: [],
    MedicationRequest: [],
    AllergyIntolerance: [],
    Immunization: [],
    Procedure: [],
    DocumentReference: [],
    CarePlan: [],
    Goal: [],
    Coverage: [],
    CareTeam: [],
    QuestionnaireResponse: [],
    ServiceRequest: [],
    Specimen: [],
    MedicationDispense: [],
    Device: [],
    Media: [],
    Provenance: [],
  };
}

/** The chronic conditions of the catalogue (keys of `CHRONIC` in codes/problems.ts). */
export type ChronicKey =
  | 'diabetes'
  | 'prediabetes'
  | 'hypertension'
  | 'hyperlipidemia'
  | 'asthma'
  | 'obesity'
  | 'hypothyroidism'
  | 'copd'
  | 'atrialFibrillation'
  | 'ckd3'
  | 'depression'
  | 'allergicRhinitis'
  | 'kneeOsteoarthritis';

/** A chronic condition a patient has, from its onset (diagnosis) on. */
export interface ChronicCondition {
  key: ChronicKey;
  /** Onset and diagnosis time, ms. */
  onset: number;
}

/** Tobacco smoking status, as the US Core value set has it. */
export type SmokingKey = 'never' | 'former' | 'daily' | 'occasional';

/** Lifelong traits that keep a chart consistent over time. */
export interface Traits {
  heightZ: number;
  weightZ: number;
  headZ: number;
  /** Adult body mass index at the reference date. */
  adultBmi: number;
  /** Slow adult weight trend, kg per year. */
  weightTrend: number;
  /** A slow adult weight wave: amplitude (kg), period (years), phase (radians). */
  weightWave: [number, number, number];
  /** Personal offsets from the blood pressure and heart rate medians. */
  systolicOffset: number;
  diastolicOffset: number;
  heartRateOffset: number;
  /** Smoking status from age 12 (never for younger children). */
  smoking: SmokingKey;
}
