/**
 * The US Core checks of `$validate`: for each US Core profile a resource declares in
 * `meta.profile` (or `$validate` is asked for), the elements that profile requires
 * (cardinality 1.. in both US Core 3.1.1 and 6.1.0, the versions US Core clients meet
 * most), and the category a profile fixes by a required slice (`vital-signs` for the vital
 * sign profiles, `laboratory` for lab results and reports). Must-support elements that are
 * optional, value sets, invariants and extensions are not checked.
 */
import type { OperationOutcomeIssue } from '../../errors/operation-outcome.js';

export const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

interface ProfileRule {
  type: string;
  required: readonly string[];
  /** A category code the resource must carry (a required slice of `category`). */
  category?: { system: string; code: string };
}

const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const VITALS: ProfileRule = { type: 'Observation', required: ['status', 'category', 'code', 'subject'], category: { system: OBS_CATEGORY, code: 'vital-signs' } };
const VITAL_PROFILES = [
  'us-core-vital-signs', 'us-core-blood-pressure', 'us-core-heart-rate', 'us-core-respiratory-rate', 'us-core-body-temperature',
  'us-core-pulse-oximetry', 'us-core-body-weight', 'us-core-body-height', 'us-core-bmi', 'us-core-head-circumference',
  'pediatric-bmi-for-age', 'pediatric-weight-for-height', 'head-occipital-frontal-circumference-percentile',
];

/** Profile id (the part after `StructureDefinition/`) to its rule. */
export const US_CORE_RULES: ReadonlyMap<string, ProfileRule> = new Map<string, ProfileRule>([
  ['us-core-patient', { type: 'Patient', required: ['identifier', 'name', 'gender'] }],
  ['us-core-practitioner', { type: 'Practitioner', required: ['identifier', 'name'] }],
  ['us-core-practitionerrole', { type: 'PractitionerRole', required: [] }],
  ['us-core-organization', { type: 'Organization', required: ['name'] }],
  ['us-core-location', { type: 'Location', required: ['name'] }],
  ['us-core-relatedperson', { type: 'RelatedPerson', required: ['active', 'patient'] }],
  ['us-core-encounter', { type: 'Encounter', required: ['status', 'class', 'type', 'subject'] }],
  ['us-core-condition', { type: 'Condition', required: ['category', 'code', 'subject'] }],
  ['us-core-condition-encounter-diagnosis', { type: 'Condition', required: ['category', 'code', 'subject'] }],
  ['us-core-condition-problems-health-concerns', { type: 'Condition', required: ['category', 'code', 'subject'] }],
  ['us-core-allergyintolerance', { type: 'AllergyIntolerance', required: ['code', 'patient'] }],
  ['us-core-medicationrequest', { type: 'MedicationRequest', required: ['status', 'intent', 'medication[x]', 'subject'] }],
  ['us-core-immunization', { type: 'Immunization', required: ['status', 'vaccineCode', 'patient', 'occurrence[x]'] }],
  ['us-core-procedure', { type: 'Procedure', required: ['status', 'code', 'subject'] }],
  ['us-core-diagnosticreport-lab', { type: 'DiagnosticReport', required: ['status', 'category', 'code', 'subject'], category: { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' } }],
  ['us-core-diagnosticreport-note', { type: 'DiagnosticReport', required: ['status', 'category', 'code', 'subject'] }],
  ['us-core-documentreference', { type: 'DocumentReference', required: ['status', 'type', 'category', 'subject', 'content'] }],
  ['us-core-careplan', { type: 'CarePlan', required: ['status', 'intent', 'category', 'subject'] }],
  ['us-core-careteam', { type: 'CareTeam', required: ['subject', 'participant'] }],
  ['us-core-goal', { type: 'Goal', required: ['lifecycleStatus', 'description', 'subject'] }],
  ['us-core-observation-lab', { type: 'Observation', required: ['status', 'category', 'code', 'subject'], category: { system: OBS_CATEGORY, code: 'laboratory' } }],
  ['us-core-smokingstatus', { type: 'Observation', required: ['status', 'code', 'subject'] }],
  ...VITAL_PROFILES.map((id) => [id, VITALS] as [string, ProfileRule]),
]);

function present(resource: Record<string, unknown>, element: string): boolean {
  if (element.endsWith('[x]')) {
    const stem = element.slice(0, -3);
    return Object.keys(resource).some((k) => k.startsWith(stem) && /^[A-Z]/.test(k.slice(stem.length)) && present(resource, k));
  }
  const value = resource[element];
  if (value === undefined || value === null) return false;
  return !Array.isArray(value) || value.length > 0;
}

function hasCategory(resource: Record<string, unknown>, wanted: { system: string; code: string }): boolean {
  const categories = resource.category;
  if (!Array.isArray(categories)) return false;
  return categories.some((c: { coding?: { system?: string; code?: string }[] }) =>
    (c?.coding ?? []).some((coding) => coding?.system === wanted.system && coding?.code === wanted.code),
  );
}

/** The issues of one resource against one declared profile URL. */
export function checkProfile(resource: Record<string, unknown>, profile: string): OperationOutcomeIssue[] {
  const url = profile.split('|')[0]!;
  const type = String(resource.resourceType);
  if (!url.startsWith(US_CORE)) {
    return [{ severity: 'information', code: 'informational', diagnostics: `Profile ${profile} is not known to this server: only the base R4 schema was checked for it` }];
  }
  const id = url.slice(US_CORE.length);
  const rule = US_CORE_RULES.get(id);
  if (!rule) {
    return [{ severity: 'warning', code: 'not-supported', diagnostics: `US Core profile ${id} is not among those this server checks: only the base R4 schema was checked for it` }];
  }
  if (rule.type !== type) {
    return [{ severity: 'error', code: 'invalid', diagnostics: `${id} is a profile of ${rule.type}, not of ${type}`, expression: [`${type}.meta.profile`] }];
  }
  const issues: OperationOutcomeIssue[] = [];
  for (const element of rule.required) {
    if (!present(resource, element)) {
      issues.push({ severity: 'error', code: 'required', diagnostics: `${id}: ${type}.${element} is required (min 1)`, expression: [`${type}.${element}`] });
    }
  }
  if (rule.category && present(resource, 'category') && !hasCategory(resource, rule.category)) {
    issues.push({
      severity: 'error',
      code: 'required',
      diagnostics: `${id}: ${type}.category must include ${rule.category.system}|${rule.category.code}`,
      expression: [`${type}.category`],
    });
  }
  return issues;
}
