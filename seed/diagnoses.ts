/**
 * Condition resources: problem-list items for chronic conditions (US Core Condition Problems
 * and Health Concerns) and encounter diagnoses for acute problems (US Core Condition
 * Encounter Diagnosis), each coded in SNOMED CT and ICD-10-CM.
 */
import type { Resource } from '../src/fhir/resource.js';
import type { ProblemCode } from './codes/problems.js';
import { CONDITION_CATEGORY, CONDITION_CLINICAL, CONDITION_VERIFICATION } from './codes/hl7.js';
import { CHRONIC_CODES } from './conditions.js';
import { DAY } from './dates.js';
import { concept, deepFreeze, profileList, sharedConcept, type CodeableConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

/** The CodeableConcept of a problem (SNOMED CT and ICD-10-CM, text the SNOMED CT display), shared. */
export function problemConcept(ctx: ChartContext, problem: ProblemCode): Readonly<CodeableConcept> {
  return ctx.shared.memo('problem', problem, () => concept([problem.snomed, problem.icd10], problem.snomed.display));
}

const CLINICAL = { active: sharedConcept(CONDITION_CLINICAL.active), resolved: sharedConcept(CONDITION_CLINICAL.resolved) };
const CONFIRMED = sharedConcept(CONDITION_VERIFICATION.confirmed);
const PROBLEM_LIST = deepFreeze([sharedConcept(CONDITION_CATEGORY.problemListItem)]);
const ENCOUNTER_DIAGNOSIS = deepFreeze([sharedConcept(CONDITION_CATEGORY.encounterDiagnosis)]);
const PROBLEM_PROFILE = profileList('us-core-condition-problems-health-concerns');
const DIAGNOSIS_PROFILE = profileList('us-core-condition-encounter-diagnosis');

/** The problem-list Condition of each chronic condition (ids were reserved in `conditionIds`). */
export function recordChronicConditions(ctx: ChartContext, p: PatientState): void {
  for (const condition of p.conditions) {
    const id = p.conditionIds.get(condition.key);
    if (!id) continue;
    const visit = p.visits.find((v) => v.diagnosed.includes(condition.key));
    const recorded = visit ? visit.start : condition.onset;
    const asserter = visit?.practitioner ?? p.demo.gp;
    p.chart.Condition.push({
      resourceType: 'Condition',
      id,
      meta: { lastUpdated: ctx.shared.dateTime(visit ? visit.end : recorded), profile: PROBLEM_PROFILE },
      clinicalStatus: CLINICAL.active,
      verificationStatus: CONFIRMED,
      category: PROBLEM_LIST,
      code: problemConcept(ctx, CHRONIC_CODES[condition.key]),
      subject: p.subject,
      ...(visit ? { encounter: visitRefs(ctx, visit).encounter } : {}),
      onsetDateTime: ctx.shared.date(condition.onset),
      recordedDate: ctx.shared.dateTime(recorded),
      recorder: asserter.ref,
      asserter: asserter.ref,
    });
  }
}

/** The encounter diagnosis of an acute visit (or of a birth); returns its id. */
export function recordEncounterDiagnosis(ctx: ChartContext, p: PatientState, visit: Visit, problem: ProblemCode, id: string): Resource {
  const onset = visit.kind === 'birth' ? visit.start : visit.start - ctx.rng.int(1, 4) * DAY;
  const abatement = visit.kind === 'birth' || visit.kind === 'inpatient' ? visit.end : visit.start + ctx.rng.int(7, 21) * DAY;
  const resolved = abatement < ctx.now;
  const resource: Resource = {
    resourceType: 'Condition',
    id,
    meta: { lastUpdated: ctx.shared.dateTime(visit.end), profile: DIAGNOSIS_PROFILE },
    clinicalStatus: resolved ? CLINICAL.resolved : CLINICAL.active,
    verificationStatus: CONFIRMED,
    category: ENCOUNTER_DIAGNOSIS,
    code: problemConcept(ctx, problem),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    onsetDateTime: visit.kind === 'birth' ? ctx.shared.dateTime(onset) : ctx.shared.date(onset),
    ...(resolved ? { abatementDateTime: visit.kind === 'birth' || visit.kind === 'inpatient' ? ctx.shared.dateTime(abatement) : ctx.shared.date(abatement) } : {}),
    recordedDate: ctx.shared.dateTime(visit.start),
    recorder: visit.practitioner.ref,
    asserter: visit.practitioner.ref,
  };
  p.chart.Condition.push(resource);
  return resource;
}
