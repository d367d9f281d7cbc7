/**
 * Search parameters of Observation (R4 observation.html "Search Parameters", with every R4
 * composite, and the US Core 3.1.1 requirements).
 */
import { composite, date, forType, quantity, reference, string, token } from './define.js';
import type { CompositeComponent } from './types.js';

const ENCOUNTER = ['Encounter'];
const PATIENT = ['Patient'];

const THIS = ['$this'];
const COMBO = ['$this', 'component'];
const CODE: CompositeComponent = { kind: 'token', paths: ['code'] };
const VALUE_QUANTITY: CompositeComponent = { kind: 'quantity', paths: ['valueQuantity'] };
const VALUE_CONCEPT: CompositeComponent = { kind: 'token', paths: ['valueCodeableConcept'] };

export const observation = forType('Observation', [
  reference('based-on', ['basedOn'], ['CarePlan', 'DeviceRequest', 'ImmunizationRecommendation', 'MedicationRequest', 'NutritionOrder', 'ServiceRequest'], 'Reference to the service request'),
  token('category', ['category'], 'The classification of the type of observation'),
  token('code', ['code'], 'The code of the observation type'),
  composite('code-value-concept', THIS, [CODE, VALUE_CONCEPT], 'Code and coded value parameter pair'),
  composite('code-value-date', THIS, [CODE, { kind: 'date', paths: ['valueDateTime', 'valuePeriod'] }], 'Code and date/time value parameter pair'),
  composite('code-value-quantity', THIS, [CODE, VALUE_QUANTITY], 'Code and quantity value parameter pair'),
  composite('code-value-string', THIS, [CODE, { kind: 'string', paths: ['valueString'] }], 'Code and string value parameter pair'),
  token('combo-code', ['code', 'component.code'], 'The code of the observation type or component type'),
  composite('combo-code-value-concept', COMBO, [CODE, VALUE_CONCEPT], 'Code and coded value parameter pair, including in components'),
  composite('combo-code-value-quantity', COMBO, [CODE, VALUE_QUANTITY], 'Code and quantity value parameter pair, including in components'),
  token('combo-data-absent-reason', ['dataAbsentReason', 'component.dataAbsentReason'], 'The reason why the expected value in the element Observation.value[x] or Observation.component.value[x] is missing'),
  token('combo-value-concept', ['valueCodeableConcept', 'component.valueCodeableConcept'], 'The value or component value of the observation, if a CodeableConcept'),
  quantity('combo-value-quantity', ['valueQuantity', 'component.valueQuantity'], 'The value or component value of the observation, if a Quantity'),
  token('component-code', ['component.code'], 'The component code of the observation type'),
  composite('component-code-value-concept', ['component'], [CODE, VALUE_CONCEPT], 'Component code and component coded value parameter pair'),
  composite('component-code-value-quantity', ['component'], [CODE, VALUE_QUANTITY], 'Component code and component quantity value parameter pair'),
  token('component-data-absent-reason', ['component.dataAbsentReason'], 'The reason why the expected value in the element Observation.component.value[x] is missing'),
  token('component-value-concept', ['component.valueCodeableConcept'], 'The value of the component, if a CodeableConcept'),
  quantity('component-value-quantity', ['component.valueQuantity'], 'The value of the component, if a Quantity'),
  token('data-absent-reason', ['dataAbsentReason'], 'The reason why the expected value is missing'),
  date('date', ['effectiveDateTime', 'effectivePeriod', 'effectiveInstant', 'effectiveTiming.event'], 'Obtained date/time (effective[x])'),
  reference('derived-from', ['derivedFrom'], ['DocumentReference', 'ImagingStudy', 'Media', 'QuestionnaireResponse', 'Observation', 'MolecularSequence'], 'Related measurements the observation is made from'),
  reference('device', ['device'], ['Device', 'DeviceMetric'], 'The device used for the measurement'),
  reference('encounter', ['encounter'], ENCOUNTER, 'Encounter related to the observation'),
  reference('has-member', ['hasMember'], ['Observation', 'QuestionnaireResponse', 'MolecularSequence'], 'Related resource that belongs to the observation group'),
  token('identifier', ['identifier'], 'The unique id for a particular observation'),
  token('method', ['method'], 'The method used for the observation'),
  reference('patient', ['subject'], PATIENT, 'The subject of the observation, if a patient'),
  reference('performer', ['performer'], ['Practitioner', 'Organization', 'CareTeam', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'Who performed the observation'),
  reference('specimen', ['specimen'], ['Specimen'], 'Specimen used for this observation'),
  token('status', ['status'], 'The status of the observation'),
  reference('subject', ['subject'], ['Group', 'Device', 'Patient', 'Location'], 'The subject that the observation is about'),
  token('value-concept', ['valueCodeableConcept'], 'The value of the observation, if a CodeableConcept'),
  date('value-date', ['valueDateTime', 'valuePeriod'], 'The value of the observation, if a date or period'),
  quantity('value-quantity', ['valueQuantity'], 'The value of the observation, if a Quantity'),
  string('value-string', ['valueString', 'valueCodeableConcept.text'], 'The value of the observation, if a string or CodeableConcept text'),
]);

