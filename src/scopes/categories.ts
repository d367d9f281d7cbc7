/**
 * Category codes offered as granular sub-scopes on the consent page (SMART App Launch 2.2,
 * "Finer-grained resource constraints using search parameters"; contract §3). Systems and
 * codes as their code systems define them:
 * - Observation: FHIR R4 / THO `observation-category` (all nine codes), US Core
 *   `us-core-category#sdoh` (US Core 6+), US Core `us-core-observation-category#clinical-test`
 *   (US Core 5; US Core 6+ spells clinical results with the THO codes);
 * - Condition: THO `condition-category` and US Core `condition-category#health-concern`;
 * - DiagnosticReport: v2-0074 `LAB` (US Core Laboratory Result) and the LOINC part codes of
 *   US Core `us-core-diagnosticreport-category` (Radiology, Cardiology, Pathology);
 * - DocumentReference: US Core `us-core-documentreference-category#clinical-note`.
 */
import { ENFORCEABLE_QUERY_PARAMS } from './query.js';
import { tryParseScope, formatScope } from './parse.js';
import type { ResourceScope } from './types.js';

/** One category a consent page can offer. */
export interface CategoryOption {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

const OBS = 'http://terminology.hl7.org/CodeSystem/observation-category';
const US_CORE_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category';
const US_CORE_OBS = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-observation-category';
const COND = 'http://terminology.hl7.org/CodeSystem/condition-category';
const US_CORE_COND = 'http://hl7.org/fhir/us/core/CodeSystem/condition-category';
const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
const LOINC = 'http://loinc.org';
const US_CORE_DOC = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category';

const opt = (system: string, code: string, display: string): CategoryOption => Object.freeze({ system, code, display });

const OPTIONS: ReadonlyMap<string, readonly CategoryOption[]> = new Map([
  [
    'Observation',
    [
      opt(OBS, 'laboratory', 'Laboratory'),
      opt(OBS, 'vital-signs', 'Vital Signs'),
      opt(OBS, 'social-history', 'Social History'),
      opt(OBS, 'survey', 'Survey'),
      opt(US_CORE_CATEGORY, 'sdoh', 'SDOH'),
      opt(US_CORE_OBS, 'clinical-test', 'Clinical Test'),
      opt(OBS, 'imaging', 'Imaging'),
      opt(OBS, 'procedure', 'Procedure'),
      opt(OBS, 'exam', 'Exam'),
      opt(OBS, 'therapy', 'Therapy'),
      opt(OBS, 'activity', 'Activity'),
    ],
  ],
  [
    'Condition',
    [
      opt(COND, 'problem-list-item', 'Problem List Item'),
      opt(COND, 'encounter-diagnosis', 'Encounter Diagnosis'),
      opt(US_CORE_COND, 'health-concern', 'Health Concern'),
    ],
  ],
  [
    'DiagnosticReport',
    [
      opt(V2_0074, 'LAB', 'Laboratory'),
      opt(LOINC, 'LP29684-5', 'Radiology'),
      opt(LOINC, 'LP29708-2', 'Cardiology'),
      opt(LOINC, 'LP7839-6', 'Pathology'),
    ],
  ],
  ['DocumentReference', [opt(US_CORE_DOC, 'clinical-note', 'Clinical Note')]],
]);

/** The category sub-scope options for a resource type; empty when there are none. */
export function categoryOptions(resourceType: string): readonly CategoryOption[] {
  return OPTIONS.get(resourceType) ?? [];
}

/** The known option a `category` filter value names (`system|code`, or a bare code). */
export function findCategory(resourceType: string, value: string): CategoryOption | undefined {
  const bar = value.lastIndexOf('|');
  const system = bar < 0 ? undefined : value.slice(0, bar);
  const code = bar < 0 ? value : value.slice(bar + 1);
  return categoryOptions(resourceType).find((o) => o.code === code && (system === undefined || system === o.system));
}

/** A consent-page choice: a category sub-scope of an offered scope. */
export interface CategorySubScope extends CategoryOption {
  /** The granular scope to grant, e.g. `patient/Observation.rs?category=...|laboratory`. */
  readonly scope: string;
}

/**
 * The category sub-scopes of an offered resource scope: same context, type and permissions,
 * plus `?category=system|code`. A v1 scope's sub-scopes are written in v2 letters, since
 * granular filters exist only in v2. Empty for scopes that already have a filter, wildcard
 * types, types without category options, and anything that is not a resource scope.
 */
export function categorySubScopes(scope: string): CategorySubScope[] {
  const r = tryParseScope(scope);
  if (!r.ok || r.scope.kind !== 'resource' || r.scope.query !== undefined) return [];
  const base = r.scope;
  if (!ENFORCEABLE_QUERY_PARAMS.get(base.resourceType)?.has('category')) return [];
  return categoryOptions(base.resourceType).map((o) => {
    const sub: ResourceScope = { ...base, version: 'v2', query: [['category', `${o.system}|${o.code}`]] };
    return { ...o, scope: formatScope(sub) };
  });
}
