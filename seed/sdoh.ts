/**
 * Social needs screening: the Hunger Vital Sign (LOINC 88121-9) asked at adult routine visits,
 * as the patient's answers (US Core QuestionnaireResponse), the Observations derived from them
 * (US Core Screening Assessment, categories survey and sdoh) and, when the screen is
 * positive, a food insecurity health concern (US Core Condition, screening-assessment
 * category) asserted at the first positive screen and resolved at the next negative one.
 */
import { CONDITION_CLINICAL, CONDITION_VERIFICATION } from './codes/hl7.js';
import type { Code } from './codes/types.js';
import { HVS_ANSWER, OBSERVATION_CATEGORY_SURVEY, SDOH_PROBLEM, US_CORE_CATEGORY, US_CORE_CONDITION_CATEGORY, US_CORE_OBSERVATION as Q } from './codes/us-core.js';
import { MINUTE, YEAR } from './dates.js';
import { deepFreeze, profileList, sharedConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { recordInstrument } from './questionnaires.js';
import { screeningVisits } from './screenings.js';
import { visitRefs, type Visit } from './timeline.js';

const CONDITION_PROFILE = profileList('us-core-condition-problems-health-concerns');
const CATEGORIES = deepFreeze([sharedConcept(OBSERVATION_CATEGORY_SURVEY), sharedConcept(US_CORE_CATEGORY.sdoh)]);
const ASSERTED_DATE = 'http://hl7.org/fhir/StructureDefinition/condition-assertedDate';

/** What the screener writes under a positive screen (the follow-up of the "At risk" answer). */
const AT_RISK_COMMENTS = [
  'Given the list of local food pantries; referral to the community health worker accepted.',
  'Enrolled in SNAP last year but benefits run out before the end of the month. Food bank referral given.',
  'Declined referral; family helps with groceries. Will rescreen at the next visit.',
];

interface Screen {
  visit: Visit;
  atRisk: boolean;
  observations: string[];
}

/** Answers of one screen: a household at risk answers "often" or "sometimes" at least once. */
function answers(ctx: ChartContext, insecure: boolean): { worried: Code; didNotLast: Code } {
  if (!insecure) return { worried: HVS_ANSWER.never, didNotLast: HVS_ANSWER.never };
  const worried = ctx.rng.chance(0.6) ? HVS_ANSWER.sometimes : HVS_ANSWER.often;
  return { worried, didNotLast: ctx.rng.chance(0.5) ? HVS_ANSWER.sometimes : HVS_ANSWER.never };
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
    const recorded = recordInstrument(ctx, p, visit, {
      panel: Q.hungerVitalSign,
      grouped: true,
      categories: CATEGORIES,
      answers: [
        { question: Q.hvsWorried, coded: a.worried },
        { question: Q.hvsDidNotLast, coded: a.didNotLast },
        { question: Q.foodInsecurityRisk, coded: atRisk ? HVS_ANSWER.atRisk : HVS_ANSWER.noRisk },
      ],
      // The screener's note on a positive screen: free text, outside the LOINC panel's group.
      after: atRisk ? [{ question: Q.screenerComment, text: ctx.rng.pick(AT_RISK_COMMENTS) }] : [],
    });
    screens.push({ visit, atRisk, observations: [recorded.panel] });
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
    meta: { lastUpdated: ctx.shared.dateTime(resolved ? resolved.visit.end : firstScreen.visit.end), profile: CONDITION_PROFILE },
    extension: [{ url: ASSERTED_DATE, valueDateTime: ctx.shared.date(asserted) }],
    clinicalStatus: ctx.shared.concept(resolved ? CONDITION_CLINICAL.resolved : CONDITION_CLINICAL.active),
    verificationStatus: ctx.shared.concept(CONDITION_VERIFICATION.confirmed),
    category: [ctx.shared.concept(US_CORE_CONDITION_CATEGORY.healthConcern), ctx.shared.concept(US_CORE_CATEGORY.sdoh)],
    code: ctx.shared.concept(SDOH_PROBLEM.foodInsecurity),
    subject: p.subject,
    encounter: visitRefs(ctx, firstScreen.visit).encounter,
    onsetDateTime: ctx.shared.date(asserted),
    ...(resolved ? { abatementDateTime: ctx.shared.date(resolved.visit.start) } : {}),
    recordedDate: ctx.shared.dateTime(asserted),
    recorder: gp.ref,
    asserter: gp.ref,
    evidence: [{ detail: firstScreen.observations.map((id) => ctx.shared.reference('Observation', id)) }],
  });
}
