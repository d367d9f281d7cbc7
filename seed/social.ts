/**
 * Social history: tobacco smoking status (US Core Smoking Status Observation) from age 12,
 * and, for adults who smoke or smoked, their cigarette pack-years (the valueQuantity of the
 * US Core 7.0 Smoking Status profile) at the latest routine check-up.
 */
import { SOCIAL } from './codes/loinc.js';
import { SMOKING_STATUS } from './codes/snomed.js';
import { PACK_YEARS } from './codes/us-core.js';
import { MINUTE } from './dates.js';
import { profileList, round, sharedConcept, usCore } from './fhir.js';
import type { ChartContext } from './model.js';
import { observation } from './observations.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const CODE = sharedConcept(SOCIAL.smokingStatus);
const STATUS = {
  daily: sharedConcept(SMOKING_STATUS.daily),
  occasional: sharedConcept(SMOKING_STATUS.occasional),
  former: sharedConcept(SMOKING_STATUS.former),
  never: sharedConcept(SMOKING_STATUS.never),
};
const PROFILE = profileList('us-core-smokingstatus');
const PACK_YEARS_CODE = sharedConcept(PACK_YEARS);
// Pack-years conform to US Core 7.0 Smoking Status only (6.1 fixes the code to 72166-2 and
// the value to a concept): the claim names that version.
const PACK_YEARS_PROFILE = Object.freeze([`${usCore('us-core-smokingstatus')}|7.0.0`]);

/** Packs a day and years smoked of a smoker at `age` (former smokers stopped after 5 to 20 years). */
function packYears(ctx: ChartContext, smoking: 'daily' | 'occasional' | 'former', age: number): number {
  const started = ctx.rng.int(15, 20);
  const perDay = smoking === 'occasional' ? ctx.rng.float(0.1, 0.3) : ctx.rng.float(0.5, 1.2);
  const years = smoking === 'former' ? Math.min(age - started, ctx.rng.int(5, 20)) : age - started;
  return round(Math.max(0.5, perDay * Math.max(1, years)), 1);
}

/** Youngest age at which smoking status is asked. */
export const SMOKING_STATUS_MIN_AGE = 12;

/** Records the smoking status asked at a visit. */
export function recordSmokingStatus(ctx: ChartContext, p: PatientState, visit: Visit): void {
  if (visit.age < SMOKING_STATUS_MIN_AGE) return;
  const effective = ctx.shared.dateTime(visit.start + 15 * MINUTE);
  const refs = visitRefs(ctx, visit);
  p.chart.Observation.push(
    observation(ctx, p, refs.encounter, {
      category: 'socialHistory',
      code: CODE,
      profile: PROFILE,
      effective,
      issued: effective,
      performer: refs.performers,
    }, { valueCodeableConcept: STATUS[p.traits.smoking] }),
  );
  const smoking = p.traits.smoking;
  if (smoking === 'never' || visit.age < 18 || visit !== p.visits.filter((v) => v.kind === 'well').at(-1)) return;
  p.chart.Observation.push(
    observation(ctx, p, refs.encounter, {
      category: 'socialHistory',
      code: PACK_YEARS_CODE,
      profile: PACK_YEARS_PROFILE,
      effective,
      issued: effective,
      performer: refs.performers,
    }, { valueQuantity: ctx.shared.quantity(packYears(ctx, smoking, visit.age), '{PackYears}', 'pack-years') }),
  );
}
