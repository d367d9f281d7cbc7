/** The Observation shape shared by vital signs, laboratory results and social history. */
import type { Resource } from '../src/fhir/resource.js';
import { OBSERVATION_CATEGORY } from './codes/hl7.js';
import { deepFreeze, sharedConcept, type CodeableConcept, type Quantity, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';

/** The observation categories the generator uses. */
export type Category = keyof typeof OBSERVATION_CATEGORY;

/** The category list of each observation category, shared. */
const CATEGORIES: Record<Category, readonly Readonly<CodeableConcept>[]> = deepFreeze({
  vitalSigns: [sharedConcept(OBSERVATION_CATEGORY.vitalSigns)],
  laboratory: [sharedConcept(OBSERVATION_CATEGORY.laboratory)],
  socialHistory: [sharedConcept(OBSERVATION_CATEGORY.socialHistory)],
});

/** What an Observation says besides its value. */
export interface ObservationInput {
  category: Category;
  code: Readonly<CodeableConcept>;
  profile: readonly string[];
  /** effectiveDateTime and issued, already formatted. */
  effective: string;
  issued: string;
  performer: readonly Readonly<Reference>[];
}

/** The value of an Observation: a quantity (with flag and range), a concept, or components. */
export interface ObservationValue {
  valueQuantity?: Quantity;
  valueCodeableConcept?: Readonly<CodeableConcept>;
  interpretation?: readonly Readonly<CodeableConcept>[];
  referenceRange?: readonly Record<string, Quantity>[];
  component?: readonly { code: Readonly<CodeableConcept>; valueQuantity?: Quantity; dataAbsentReason?: Readonly<CodeableConcept> }[];
}

/**
 * An Observation of the patient at a visit, status final. The object is built with a fixed
 * shape (elements in FHIR order, value elements appended only when present).
 */
export function observation(
  ctx: ChartContext,
  p: PatientState,
  encounter: Readonly<Reference>,
  input: ObservationInput,
  value: ObservationValue,
): Resource {
  const r: Resource = {
    resourceType: 'Observation',
    id: ctx.ids.next('Observation'),
    meta: { lastUpdated: input.issued, profile: input.profile },
    status: 'final',
    category: CATEGORIES[input.category],
    code: input.code,
    subject: p.subject,
    encounter,
    effectiveDateTime: input.effective,
    issued: input.issued,
    performer: input.performer,
  };
  if (value.valueQuantity) r.valueQuantity = value.valueQuantity;
  if (value.valueCodeableConcept) r.valueCodeableConcept = value.valueCodeableConcept;
  if (value.interpretation) r.interpretation = value.interpretation;
  if (value.referenceRange) r.referenceRange = value.referenceRange;
  if (value.component) r.component = value.component;
  return r;
}
