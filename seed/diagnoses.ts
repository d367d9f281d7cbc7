/**
 * Condition resources: problem-list items for chronic conditions (US Core Condition Problems
 * and Health Concerns) and encounter diagnoses for acute problems (US Core Condition
 * Encounter Diagnosis), each coded in SNOMED CT and ICD-10-CM.
 */
import type { Resource } from '../src/fhir/resource.js';
import type { ProblemCode } from './codes/problems.js';
import { CONDITION_CATEGORY, CONDITION_CLINICAL, CONDITION_VERIFICATION } from './codes/hl7.js';
import { CHRONIC_CODES } from './conditions.js';
import { DAY, fhirDate, fhirDateTime } from './dates.js';
import { concept, meta, ref, usCore } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import type { Visit } from './timeline.js';

function problemConcept(problem: ProblemCode): ReturnType<typeof concept> {
  return concept([problem.snomed, problem.icd10], problem.snomed.display);
}

/** The problem-list Condition of each chronic condition (ids were reserved in `conditionIds`). */
export function recordChronicConditions(_ctx: ChartContext, p: PatientState): void {
  for (const condition of p.conditions) {
    const id = p.conditionIds.get(condition.key);
    if (!id) continue;
    const visit = p.visits.find((v) => v.diagnosed.includes(condition.key));
    const recorded = visit ? visit.start : condition.onset;
    const asserter = visit?.practitioner ?? p.demo.gp;
    p.chart.Condition.push({
      resourceType: 'Condition',
      id,
      meta: meta(usCore('us-core-condition-problems-health-concerns'), fhirDateTime(visit ? visit.end : recorded)),
      clinicalStatus: concept(CONDITION_CLINICAL.active),
      verificationStatus: concept(CONDITION_VERIFICATION.confirmed),
      category: [concept(CONDITION_CATEGORY.problemListItem)],
      code: problemConcept(CHRONIC_CODES[condition.key]),
      subject: p.subject,
      ...(visit ? { encounter: ref('Encounter', visit.id) } : {}),
      onsetDateTime: fhirDate(condition.onset),
      recordedDate: fhirDateTime(recorded),
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
    meta: meta(usCore('us-core-condition-encounter-diagnosis'), fhirDateTime(visit.end)),
    clinicalStatus: concept(resolved ? CONDITION_CLINICAL.resolved : CONDITION_CLINICAL.active),
    verificationStatus: concept(CONDITION_VERIFICATION.confirmed),
    category: [concept(CONDITION_CATEGORY.encounterDiagnosis)],
    code: problemConcept(problem),
    subject: p.subject,
    encounter: ref('Encounter', visit.id),
    onsetDateTime: visit.kind === 'birth' ? fhirDateTime(onset) : fhirDate(onset),
    ...(resolved ? { abatementDateTime: visit.kind === 'birth' || visit.kind === 'inpatient' ? fhirDateTime(abatement) : fhirDate(abatement) } : {}),
    recordedDate: fhirDateTime(visit.start),
    recorder: visit.practitioner.ref,
    asserter: visit.practitioner.ref,
  };
  p.chart.Condition.push(resource);
  return resource;
}
