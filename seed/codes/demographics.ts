/**
 * Codes for people: CDC Race & Ethnicity (the US Core race and ethnicity extensions),
 * BCP 47 languages and NUCC provider taxonomy.
 */
import { code, SYSTEMS as S, type Code } from './types.js';

/** OMB race categories (CDC Race & Ethnicity code system) with rough US shares. */
export const RACES: readonly (readonly [Code, number])[] = [
  [code(S.cdcRace, '2106-3', 'White'), 60],
  [code(S.cdcRace, '2054-5', 'Black or African American'), 13],
  [code(S.cdcRace, '2028-9', 'Asian'), 6],
  [code(S.cdcRace, '1002-5', 'American Indian or Alaska Native'), 1],
  [code(S.cdcRace, '2076-8', 'Native Hawaiian or Other Pacific Islander'), 1],
];

/** OMB ethnicity categories. */
export const ETHNICITY = {
  hispanic: code(S.cdcRace, '2135-2', 'Hispanic or Latino'),
  notHispanic: code(S.cdcRace, '2186-5', 'Not Hispanic or Latino'),
} as const;

/** Preferred languages (BCP 47). */
export const LANGUAGE = {
  english: code(S.bcp47, 'en', 'English'),
  spanish: code(S.bcp47, 'es', 'Spanish'),
  chinese: code(S.bcp47, 'zh', 'Chinese'),
  vietnamese: code(S.bcp47, 'vi', 'Vietnamese'),
} as const;

/** NUCC Health Care Provider Taxonomy (PractitionerRole.code / specialty). */
export const PROVIDER_TAXONOMY = {
  familyMedicine: code(S.nucc, '207Q00000X', 'Family Medicine Physician'),
  internalMedicine: code(S.nucc, '207R00000X', 'Internal Medicine Physician'),
  pediatrics: code(S.nucc, '208000000X', 'Pediatrics Physician'),
  emergencyMedicine: code(S.nucc, '207P00000X', 'Emergency Medicine Physician'),
  hospitalist: code(S.nucc, '208M00000X', 'Hospitalist Physician'),
  nursePractitioner: code(S.nucc, '363L00000X', 'Nurse Practitioner'),
} as const;
