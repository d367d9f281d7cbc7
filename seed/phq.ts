/**
 * Depression screening at preventive visits from age 12 (USPSTF; the latest is kept): the PHQ-2, as the patient's
 * answers and total score (QuestionnaireResponse) with the derived Observations. Patients with
 * depression score higher; a total of 3 or more is a positive screen. When a problem is
 * reported, the PHQ-9's difficulty question follows, nested in the answer that prompted it.
 */
import type { Code } from './codes/types.js';
import { OBSERVATION_CATEGORY_SURVEY, PHQ2, PHQ_ANSWERS, PHQ_DIFFICULTY } from './codes/us-core.js';
import { deepFreeze, sharedConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import { hasCondition, type PatientState } from './patient-state.js';
import { recordInstrument, type Answer } from './questionnaires.js';

const CATEGORIES = deepFreeze([sharedConcept(OBSERVATION_CATEGORY_SURVEY)]);

/** Youngest age of the depression screen. */
export const PHQ_MIN_AGE = 12;

/** Records the PHQ-2 at the latest preventive visit from age 12. */
export function recordDepressionScreening(ctx: ChartContext, p: PatientState): void {
  for (const visit of p.visits.filter((v) => v.kind === 'well' && v.age >= PHQ_MIN_AGE).slice(-1)) {
    const depressed = hasCondition(p, 'depression', visit.start);
    const point = (): number => (depressed ? ctx.rng.int(1, 3) : ctx.rng.chance(0.8) ? 0 : 1);
    const interest = point();
    const down = point();
    const difficulty: Code | undefined =
      interest + down === 0
        ? undefined
        : depressed
          ? ctx.rng.chance(0.6) ? PHQ_DIFFICULTY.somewhat : PHQ_DIFFICULTY.very
          : ctx.rng.chance(0.7) ? PHQ_DIFFICULTY.notDifficult : PHQ_DIFFICULTY.somewhat;
    const followUp: Answer[] = difficulty ? [{ question: PHQ_DIFFICULTY.question, coded: difficulty }] : [];
    // The follow-up hangs on the last answer that reported a problem.
    const onDown = down > 0;
    recordInstrument(ctx, p, visit, {
      panel: PHQ2.panel,
      grouped: false,
      categories: CATEGORIES,
      answers: [
        { question: PHQ2.interest, coded: PHQ_ANSWERS[interest] ?? PHQ_ANSWERS[0], ...(onDown ? {} : { followUp }) },
        { question: PHQ2.down, coded: PHQ_ANSWERS[down] ?? PHQ_ANSWERS[0], ...(onDown ? { followUp } : {}) },
        { question: PHQ2.total, score: interest + down },
      ],
    });
  }
}
