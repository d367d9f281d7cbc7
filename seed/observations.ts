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
 * shape (elements in FHIR order, value elements appended only when present). The common
 * values (a quantity; a quantity with its flag and range; components; a concept) are written
 * in one object literal: elements added to an object after it is made go in a separate
 * property array, which costs memory in every Observation.
 */
export function observation(
  ctx: ChartContext,
  p: PatientState,
  encounter: Readonly<Reference>,
  input: ObservationInput,
  value: ObservationValue,
): Resource {
  const id = ctx.ids.next('Observation');
  const meta = { lastUpdated: input.issued, profile: input.profile };
  const category = CATEGORIES[input.category];
  const { code, effective, issued, performer } = input;
  const subject = p.subject;
  const { valueQuantity, valueCodeableConcept, interpretation, referenceRange, component } = value;
  if (valueCodeableConcept === undefined && component === undefined) {
    if (valueQuantity !== undefined && interpretation === undefined && referenceRange === undefined) {
      return { resourceType: 'Observation', id, meta, status: 'final', category, code, subject, encounter, effectiveDateTime: effective, issued, performer, valueQuantity };
    }
    if (valueQuantity !== undefined && interpretation !== undefined && referenceRange !== undefined) {
      return { resourceType: 'Observation', id, meta, status: 'final', category, code, subject, encounter, effectiveDateTime: effective, issued, performer, valueQuantity, interpretation, referenceRange };
    }
  }
  if (valueQuantity === undefined && valueCodeableConcept === undefined && interpretation === undefined && referenceRange === undefined) {
    if (component !== undefined) {
      return { resourceType: 'Observation', id, meta, status: 'final', category, code, subject, encounter, effectiveDateTime: effective, issued, performer, component };
    }
  }
  if (valueCodeableConcept !== undefined && valueQuantity === undefined && interpretation === undefined && referenceRange === undefined && component === undefined) {
    return { resourceType: 'Observation', id, meta, status: 'final', category, code, subject, encounter, effectiveDateTime: effective, issued, performer, valueCodeableConcept };
  }
  const r: Resource = { resourceType: 'Observation', id, meta, status: 'final', category, code, subject, encounter, effectiveDateTime: effective, issued, performer };
  if (valueQuantity) r.valueQuantity = valueQuantity;
  if (valueCodeableConcept) r.valueCodeableConcept = valueCodeableConcept;
  if (interpretation) r.interpretation = interpretation;
  if (referenceRange) r.referenceRange = referenceRange;
  if (component) r.component = component;
  return r;
}
