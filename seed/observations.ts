/** The Observation shape shared by vital signs, laboratory results and social history. */
import type { Resource } from '../src/fhir/resource.js';
import { OBSERVATION_CATEGORY } from './codes/hl7.js';
import { deepFreeze, sharedConcept, type CodeableConcept, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';

export type Category = keyof typeof OBSERVATION_CATEGORY;

/** The category list of each observation category, shared. */
const CATEGORIES: Record<Category, readonly Readonly<CodeableConcept>[]> = deepFreeze({
  vitalSigns: [sharedConcept(OBSERVATION_CATEGORY.vitalSigns)],
  laboratory: [sharedConcept(OBSERVATION_CATEGORY.laboratory)],
  socialHistory: [sharedConcept(OBSERVATION_CATEGORY.socialHistory)],
});

export interface ObservationInput {
  category: Category;
  code: Readonly<CodeableConcept>;
  profile: readonly string[];
  /** effectiveDateTime and issued, already formatted. */
  effective: string;
  issued: string;
  performer: readonly Readonly<Reference>[];
  /** valueQuantity, valueCodeableConcept, component, interpretation, referenceRange... */
  body: Record<string, unknown>;
}

/** An Observation of the patient (at a visit when `encounter` is given), status final. */
export function observation(ctx: ChartContext, p: PatientState, encounter: Readonly<Reference> | undefined, input: ObservationInput): Resource {
  return {
    resourceType: 'Observation',
    id: ctx.ids.next('Observation'),
    meta: { lastUpdated: input.issued, profile: input.profile },
    status: 'final',
    category: CATEGORIES[input.category],
    code: input.code,
    subject: p.subject,
    ...(encounter ? { encounter } : {}),
    effectiveDateTime: input.effective,
    issued: input.issued,
    performer: input.performer,
    ...input.body,
  };
}
