/**
 * Plain-language text for each scope, for the consent page (SMART App Launch 2.2,
 * "Scopes and Launch Context": the authorization server "should inform the user" what a
 * scope, and notably a wildcard scope, lets the app do).
 */
import { findCategory } from './categories.js';
import { PERMISSION_ORDER, PERMISSION_WORDS } from './permissions.js';
import { tryParseScope } from './parse.js';
import { tokenCode } from './query.js';
import type { ParsedScope, ResourceScope, ScopeQuery } from './types.js';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  AllergyIntolerance: 'allergies',
  CarePlan: 'care plans',
  CareTeam: 'care teams',
  Condition: 'conditions',
  Coverage: 'insurance coverage',
  Device: 'devices',
  DiagnosticReport: 'diagnostic reports',
  DocumentReference: 'documents',
  Encounter: 'visits and encounters',
  Goal: 'goals',
  Immunization: 'immunizations',
  Location: 'locations',
  Medication: 'medications',
  MedicationDispense: 'medication dispenses',
  MedicationRequest: 'prescriptions',
  MedicationStatement: 'medication statements',
  Observation: 'observations',
  Organization: 'organizations',
  Patient: 'demographics',
  Practitioner: 'practitioners',
  PractitionerRole: 'practitioner roles',
  Procedure: 'procedures',
  Provenance: 'record provenance',
  QuestionnaireResponse: 'questionnaire answers',
  RelatedPerson: 'related people',
  ServiceRequest: 'orders and referrals',
};

/** Friendlier names for the best-known categories, by code. */
const CATEGORY_WORDS: Readonly<Record<string, string>> = {
  laboratory: 'lab results',
  'vital-signs': 'vital signs',
  'social-history': 'social history',
  survey: 'survey answers',
  sdoh: 'social needs (SDOH) information',
  'clinical-test': 'clinical test results',
  imaging: 'imaging results',
  'problem-list-item': 'problem list',
  'encounter-diagnosis': 'encounter diagnoses',
  'health-concern': 'health concerns',
  LAB: 'lab reports',
  'clinical-note': 'clinical notes',
};

function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? `${type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} records`;
}

/** "Create, read, update, delete and search" */
function verbs(s: ResourceScope): string {
  const words = PERMISSION_ORDER.filter((p) => s.permissions.has(p)).map((p) => PERMISSION_WORDS[p]);
  const text = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A granular filter in words, e.g. "category laboratory" (the code of a known category, else the value). */
export function filterWords(type: string, query: ScopeQuery): string {
  return query.map(([n, v]) => (n === 'category' ? `category ${findCategory(type, v)?.code ?? tokenCode(v)}` : `${n} ${v}`)).join(', ');
}

/** What the data is, before the context phrase: "lab results", "observations". */
function subject(s: ResourceScope): string {
  const only = s.query?.length === 1 ? s.query[0] : undefined;
  if (only?.[0] === 'category') {
    const code = findCategory(s.resourceType, only[1])?.code ?? tokenCode(only[1]);
    const words = CATEGORY_WORDS[code];
    if (words) return words;
  }
  return typeWords(s.resourceType);
}

function describeResource(s: ResourceScope, whose: string): string {
  if (s.resourceType === '*') {
    const all = { patient: 'all data about the patient in context', user: 'all data you can access', system: 'all data on this server' };
    return `${verbs(s)} ${all[s.context]}`;
  }
  const what = subject(s);
  const phrase = { patient: `${whose} ${what}`, user: `${what} you can access`, system: `all ${what}` }[s.context];
  const detail = s.query ? `${s.resourceType}, ${filterWords(s.resourceType, s.query)}` : s.resourceType;
  return `${verbs(s)} ${phrase} (${detail})`;
}

function describeParsed(p: ParsedScope, whose: string): string {
  switch (p.kind) {
    case 'resource':
      return describeResource(p, whose);
    case 'launch':
      if (p.target === 'patient') return 'Know which patient record you are working with';
      if (p.target === 'encounter') return 'Know which visit or encounter you are working with';
      return 'Receive the context the EHR launched it in (such as the open patient record)';
    case 'identity':
      if (p.name === 'openid') return 'Confirm your identity (sign you in)';
      if (p.name === 'fhirUser') return 'Know who you are (your FHIR user record)';
      return 'See your basic profile (such as your name)';
    case 'offline':
      return p.name === 'offline_access'
        ? 'Stay signed in: the app may refresh its access while you are offline'
        : 'Stay signed in while you are online: the app may refresh its access until you sign out';
  }
}

/**
 * A plain-language sentence for one scope, e.g.
 * "Read and search your lab results (Observation, category laboratory)". `whose` is the
 * owner of `patient/` data as the reader sees it: "your" for the patient themself, or
 * "Maria Lopez's" for a clinician or a parent. Never throws: an unrecognised scope is
 * described as such.
 */
export function describeScope(scope: string, whose = 'your'): string {
  const r = tryParseScope(scope);
  return r.ok ? describeParsed(r.scope, whose) : `Unrecognised permission "${scope}" (${r.reason})`;
}
