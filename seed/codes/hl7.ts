/** Codes of HL7 code systems (terminology.hl7.org), with their official displays. */
import { code, SYSTEMS as S } from './types.js';

/** Identifier.type (v2 table 0203). */
export const IDENTIFIER_TYPE = {
  MR: code(S.v2IdentifierType, 'MR', 'Medical record number'),
} as const;

/** Patient.maritalStatus (v3 MaritalStatus). */
export const MARITAL_STATUS = {
  married: code(S.v3MaritalStatus, 'M', 'Married'),
  neverMarried: code(S.v3MaritalStatus, 'S', 'Never Married'),
  divorced: code(S.v3MaritalStatus, 'D', 'Divorced'),
  widowed: code(S.v3MaritalStatus, 'W', 'Widowed'),
} as const;

/** Encounter.class (v3 ActCode). */
export const ENCOUNTER_CLASS = {
  ambulatory: code(S.v3ActCode, 'AMB', 'ambulatory'),
  emergency: code(S.v3ActCode, 'EMER', 'emergency'),
  inpatient: code(S.v3ActCode, 'IMP', 'inpatient encounter'),
} as const;

export const PARTICIPATION_TYPE = {
  primaryPerformer: code(S.v3ParticipationType, 'PPRF', 'primary performer'),
  attender: code(S.v3ParticipationType, 'ATND', 'attender'),
} as const;

export const OBSERVATION_CATEGORY = {
  vitalSigns: code(S.observationCategory, 'vital-signs', 'Vital Signs'),
  laboratory: code(S.observationCategory, 'laboratory', 'Laboratory'),
  socialHistory: code(S.observationCategory, 'social-history', 'Social History'),
} as const;

export const INTERPRETATION = {
  N: code(S.v3Interpretation, 'N', 'Normal'),
  H: code(S.v3Interpretation, 'H', 'High'),
  L: code(S.v3Interpretation, 'L', 'Low'),
} as const;

export const CONDITION_CATEGORY = {
  problemListItem: code(S.conditionCategory, 'problem-list-item', 'Problem List Item'),
  encounterDiagnosis: code(S.conditionCategory, 'encounter-diagnosis', 'Encounter Diagnosis'),
} as const;

export const CONDITION_CLINICAL = {
  active: code(S.conditionClinical, 'active', 'Active'),
  resolved: code(S.conditionClinical, 'resolved', 'Resolved'),
} as const;

export const CONDITION_VERIFICATION = {
  confirmed: code(S.conditionVerification, 'confirmed', 'Confirmed'),
} as const;

export const ALLERGY_CLINICAL = {
  active: code(S.allergyClinical, 'active', 'Active'),
} as const;

export const ALLERGY_VERIFICATION = {
  confirmed: code(S.allergyVerification, 'confirmed', 'Confirmed'),
} as const;

export const ADMIT_SOURCE = {
  emergency: code(S.admitSource, 'emd', 'From accident/emergency department'),
  referral: code(S.admitSource, 'gp', 'General Practitioner referral'),
  born: code(S.admitSource, 'born', 'Born in hospital'),
} as const;

export const DISCHARGE_DISPOSITION = {
  home: code(S.dischargeDisposition, 'home', 'Home'),
} as const;

export const ORGANIZATION_TYPE = {
  provider: code(S.organizationType, 'prov', 'Healthcare Provider'),
} as const;

export const DIAGNOSTIC_SERVICE = {
  LAB: code(S.v2DiagnosticService, 'LAB', 'Laboratory'),
} as const;

export const IMMUNIZATION_ORIGIN = {
  record: code(S.immunizationOrigin, 'record', 'Written Record'),
} as const;

export const MEDICATION_REQUEST_CATEGORY = {
  community: code(S.medicationRequestCategory, 'community', 'Community'),
  inpatient: code(S.medicationRequestCategory, 'inpatient', 'Inpatient'),
} as const;

export const DOCUMENT_CATEGORY = {
  clinicalNote: code(S.usCoreDocumentCategory, 'clinical-note', 'Clinical Note'),
} as const;

export const CAREPLAN_CATEGORY = {
  assessPlan: code(S.usCoreCarePlanCategory, 'assess-plan', 'Assessment and Plan of Treatment'),
} as const;

export const FORMAT_CODE = {
  mimeTypeSufficient: code(S.ihe, 'urn:ihe:iti:xds:2017:mimeTypeSufficient', 'mimeType Sufficient'),
} as const;

/** Location.type (v3 RoleCode, ServiceDeliveryLocationRoleType). */
export const LOCATION_TYPE = {
  familyMedicine: code(S.v3RoleCode, 'FMC', 'Family medicine clinic'),
  pediatrics: code(S.v3RoleCode, 'PEDC', 'Pediatrics clinic'),
  emergency: code(S.v3RoleCode, 'ER', 'Emergency room'),
  hospitalUnit: code(S.v3RoleCode, 'HU', 'Hospital unit'),
} as const;

/** RelatedPerson.relationship (v3 RoleCode, family members). */
export const RELATIONSHIP = {
  mother: code(S.v3RoleCode, 'MTH', 'mother'),
  father: code(S.v3RoleCode, 'FTH', 'father'),
} as const;
