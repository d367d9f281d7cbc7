/** Social history: tobacco smoking status (US Core Smoking Status Observation) from age 12. */
import { SOCIAL } from './codes/loinc.js';
import { SMOKING_STATUS } from './codes/snomed.js';
import { MINUTE, fhirDateTime } from './dates.js';
import { profileList, sharedConcept } from './fhir.js';
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

/** Youngest age at which smoking status is asked. */
export const SMOKING_STATUS_MIN_AGE = 12;

/** Records the smoking status asked at a visit. */
export function recordSmokingStatus(ctx: ChartContext, p: PatientState, visit: Visit): void {
  if (visit.age < SMOKING_STATUS_MIN_AGE) return;
  const effective = fhirDateTime(visit.start + 15 * MINUTE);
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
}
