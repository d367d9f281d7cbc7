/**
 * Social needs screening: the Hunger Vital Sign (LOINC 88121-9) asked at adult routine visits,
 * as the patient's answers (US Core QuestionnaireResponse), the Observations derived from them
 * (US Core Screening Assessment, categories survey and sdoh) and, when the screen is
 * positive, a food insecurity health concern (US Core Condition, screening-assessment
 * category) asserted at the first positive screen and resolved at the next negative one.
 */
import type { Resource } from '../src/fhir/resource.js';
import { CONDITION_CLINICAL, CONDITION_VERIFICATION } from './codes/hl7.js';
import type { Code } from './codes/types.js';
import { HVS_ANSWER, OBSERVATION_CATEGORY_SURVEY, SDOH_PROBLEM, US_CORE_CATEGORY, US_CORE_CONDITION_CATEGORY, US_CORE_OBSERVATION as Q } from './codes/us-core.js';
import { MINUTE, YEAR, fhirDate, fhirDateTime } from './dates.js';
import { coding, concept, deepFreeze, profileList, ref, sharedConcept, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { screeningVisits } from './screenings.js';
import { visitRefs, type Visit } from './timeline.js';

const QUESTIONNAIRE = 'http://loinc.org/q/88121-9';
const QR_PROFILE = profileList('us-core-questionnaireresponse');
const OBS_PROFILE = profileList('us-core-observation-screening-assessment');
const CONDITION_PROFILE = profileList('us-core-condition-problems-health-concerns');
const CATEGORIES = deepFreeze([sharedConcept(OBSERVATION_CATEGORY_SURVEY), sharedConcept(US_CORE_CATEGORY.sdoh)]);
const ASSERTED_DATE = 'http://hl7.org/fhir/StructureDefinition/condition-assertedDate';

/** The system of questionnaire response identifiers. */
export const QR_ID_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/questionnaire-response';

interface Screen {
  visit: Visit;
  worried: Code;
  didNotLast: Code;
  atRisk: boolean;
  response: string;
  observations: string[];
}

/** Answers of one screen: a household at risk answers "often" or "sometimes" at least once. */
function answers(ctx: ChartContext, insecure: boolean): { worried: Code; didNotLast: Code } {
  if (!insecure) return { worried: HVS_ANSWER.never, didNotLast: HVS_ANSWER.never };
  const worried = ctx.rng.chance(0.6) ? HVS_ANSWER.sometimes : HVS_ANSWER.often;
  return { worried, didNotLast: ctx.rng.chance(0.5) ? HVS_ANSWER.sometimes : HVS_ANSWER.never };
}

function questionnaireResponse(ctx: ChartContext, p: PatientState, s: Screen, authored: string): Resource {
  const item = (code: Code, answer: Code): unknown => ({ linkId: `/${code.code}`, text: code.display, answer: [{ valueCoding: coding(answer) }] });
  return {
    resourceType: 'QuestionnaireResponse',
    id: s.response,
    meta: { lastUpdated: authored, profile: QR_PROFILE },
    identifier: { system: QR_ID_SYSTEM, value: s.response },
    questionnaire: QUESTIONNAIRE,
    status: 'completed',
    subject: p.subject,
    encounter: visitRefs(ctx, s.visit).encounter,
    authored,
    author: p.subject,
    item: [item(Q.hvsWorried, s.worried), item(Q.hvsDidNotLast, s.didNotLast), item(Q.foodInsecurityRisk, s.atRisk ? HVS_ANSWER.atRisk : HVS_ANSWER.noRisk)],
  };
}

function screeningObservation(p: PatientState, s: Screen, id: string, code: Code, effective: string, performer: readonly Readonly<Reference>[], value: Record<string, unknown>): Resource {
  return {
    resourceType: 'Observation',
    id,
    meta: { lastUpdated: effective, profile: OBS_PROFILE },
    status: 'final',
    category: CATEGORIES,
    code: concept(code),
    subject: p.subject,
    encounter: ref('Encounter', s.visit.id),
    effectiveDateTime: effective,
    performer,
    ...value,
    derivedFrom: [ref('QuestionnaireResponse', s.response)],
  };
}

/** Records the Hunger Vital Sign screens and the food insecurity concern they find. */
export function recordSdohScreening(ctx: ChartContext, p: PatientState): void {
  const visits = screeningVisits(p, 18).filter((v) => v.start > ctx.now - 3 * YEAR);
  let insecure = ctx.rng.chance(0.25);
  const screens: Screen[] = [];
  for (const visit of visits) {
    if (screens.length > 0 && ctx.rng.chance(0.35)) insecure = !insecure;
    const a = answers(ctx, insecure);
    const atRisk = a.worried !== HVS_ANSWER.never || a.didNotLast !== HVS_ANSWER.never;
    const s: Screen = { visit, ...a, atRisk, response: ctx.ids.next('QuestionnaireResponse'), observations: [] };
    const authored = fhirDateTime(visit.start + 5 * MINUTE);
    const performer = [visitRefs(ctx, visit).practitioner];
    p.chart.QuestionnaireResponse.push(questionnaireResponse(ctx, p, s, authored));
    const items: [Code, Code][] = [
      [Q.hvsWorried, s.worried],
      [Q.hvsDidNotLast, s.didNotLast],
      [Q.foodInsecurityRisk, atRisk ? HVS_ANSWER.atRisk : HVS_ANSWER.noRisk],
    ];
    const memberIds = items.map(() => ctx.ids.next('Observation'));
    const panelId = ctx.ids.next('Observation');
    s.observations.push(panelId);
    p.chart.Observation.push(
      screeningObservation(p, s, panelId, Q.hungerVitalSign, authored, performer, { hasMember: memberIds.map((id) => ref('Observation', id)) }),
      ...items.map(([code, answer], i) => screeningObservation(p, s, memberIds[i] ?? '', code, authored, performer, { valueCodeableConcept: concept(answer) })),
    );
    screens.push(s);
  }
  const first = screens.findIndex((s) => s.atRisk);
  const firstScreen = screens[first];
  if (!firstScreen) return;
  const resolved = screens.slice(first + 1).find((s) => !s.atRisk);
  const asserted = firstScreen.visit.start + 5 * MINUTE;
  const gp = firstScreen.visit.practitioner;
  p.chart.Condition.push({
    resourceType: 'Condition',
    id: ctx.ids.next('Condition'),
    meta: { lastUpdated: fhirDateTime(resolved ? resolved.visit.end : firstScreen.visit.end), profile: CONDITION_PROFILE },
    extension: [{ url: ASSERTED_DATE, valueDateTime: fhirDate(asserted) }],
    clinicalStatus: concept(resolved ? CONDITION_CLINICAL.resolved : CONDITION_CLINICAL.active),
    verificationStatus: concept(CONDITION_VERIFICATION.confirmed),
    category: [concept(US_CORE_CONDITION_CATEGORY.healthConcern), concept(US_CORE_CATEGORY.sdoh)],
    code: concept(SDOH_PROBLEM.foodInsecurity),
    subject: p.subject,
    encounter: ref('Encounter', firstScreen.visit.id),
    onsetDateTime: fhirDate(asserted),
    ...(resolved ? { abatementDateTime: fhirDate(resolved.visit.start) } : {}),
    recordedDate: fhirDateTime(asserted),
    recorder: ref('Practitioner', gp.id, gp.name),
    asserter: ref('Practitioner', gp.id, gp.name),
    evidence: [{ detail: firstScreen.observations.map((id) => ref('Observation', id)) }],
  });
}
