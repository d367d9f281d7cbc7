/**
 * Questions asked at adult preventive visits: pregnancy status and intent (women of
 * reproductive age), sexual orientation and alcohol use (adults), as US Core social-history
 * Observations (alcohol use as a US Core Simple Observation).
 */
import { PREGNANCY_INTENT, PREGNANCY_STATUS, SEXUAL_ORIENTATION, SIMPLE_SOCIAL, US_CORE_OBSERVATION } from './codes/us-core.js';
import { MINUTE } from './dates.js';
import { profileList, sharedConcept, type CodeableConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import { observation } from './observations.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

/** Ages at which pregnancy status and intent are asked (reproductive age). */
export const PREGNANCY_AGES = { min: 15, max: 50 } as const;

const CODES = {
  status: sharedConcept(US_CORE_OBSERVATION.pregnancyStatus),
  intent: sharedConcept(US_CORE_OBSERVATION.pregnancyIntent),
  orientation: sharedConcept(US_CORE_OBSERVATION.sexualOrientation),
  alcohol: sharedConcept(SIMPLE_SOCIAL.alcoholPerDay),
};
const NOT_PREGNANT = sharedConcept(PREGNANCY_STATUS.notPregnant);
/** Answers with their shares. */
const INTENTS: readonly (readonly [Readonly<CodeableConcept>, number])[] = [
  [sharedConcept(PREGNANCY_INTENT.no), 0.6],
  [sharedConcept(PREGNANCY_INTENT.unsure), 0.15],
  [sharedConcept(PREGNANCY_INTENT.ambivalent), 0.1],
  [sharedConcept(PREGNANCY_INTENT.yes), 0.15],
];
const ORIENTATIONS: readonly (readonly [Readonly<CodeableConcept>, number])[] = [
  [sharedConcept(SEXUAL_ORIENTATION.heterosexual), 0.9],
  [sharedConcept(SEXUAL_ORIENTATION.homosexual), 0.04],
  [sharedConcept(SEXUAL_ORIENTATION.bisexual), 0.06],
];
const PROFILES = {
  status: profileList('us-core-observation-pregnancystatus'),
  intent: profileList('us-core-observation-pregnancyintent'),
  orientation: profileList('us-core-observation-sexual-orientation'),
  alcohol: profileList('us-core-simple-observation'),
};

/** The visits the questions are asked at: well visits, or the last visit when there is none. */
export function screeningVisits(p: PatientState, minAge: number): Visit[] {
  const eligible = p.visits.filter((v) => v.age >= minAge && (v.kind === 'well' || v.kind === 'followUp' || v.kind === 'diagnosis'));
  return eligible.slice(-2);
}

/** Records pregnancy status and intent, and sexual orientation, at the screening visits. */
export function recordScreenings(ctx: ChartContext, p: PatientState): void {
  const intent = ctx.rng.weighted(INTENTS);
  const orientation = ctx.rng.weighted(ORIENTATIONS);
  const drinks = ctx.rng.weighted([[0, 0.45], [1, 0.35], [2, 0.15], [3, 0.05]]);
  // Sexual orientation and alcohol use are asked once, at the latest adult screening visit.
  const lastAdult = screeningVisits(p, 18).at(-1);
  for (const visit of screeningVisits(p, 15)) {
    const refs = visitRefs(ctx, visit);
    const effective = ctx.shared.dateTime(visit.start + 10 * MINUTE);
    const base = { category: 'socialHistory' as const, effective, issued: effective, performer: refs.performers };
    if (p.demo.sex === 'female' && visit.age >= PREGNANCY_AGES.min && visit.age < PREGNANCY_AGES.max) {
      p.chart.Observation.push(
        observation(ctx, p, refs.encounter, { ...base, code: CODES.status, profile: PROFILES.status }, { valueCodeableConcept: NOT_PREGNANT }),
        observation(ctx, p, refs.encounter, { ...base, code: CODES.intent, profile: PROFILES.intent }, { valueCodeableConcept: intent }),
      );
    }
    if (visit === lastAdult) {
      p.chart.Observation.push(
        observation(ctx, p, refs.encounter, { ...base, code: CODES.orientation, profile: PROFILES.orientation }, { valueCodeableConcept: orientation }),
        observation(ctx, p, refs.encounter, { ...base, code: CODES.alcohol, profile: PROFILES.alcohol }, { valueQuantity: ctx.shared.quantity(drinks, '{drinks}/d', 'drinks/day') }),
      );
    }
  }
}
