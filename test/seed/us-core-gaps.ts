/**
 * The must-support elements, slices and extensions (and whole profiles) of US Core 6.1 / 7.0
 * that the default seed does not cover yet, by "version profile-name", exactly as
 * `missingMustSupports` reports them. Keep this list short and true: the coverage test fails
 * when a gap not listed here appears, and when a listed gap is covered.
 *
 * `QuestionnaireResponse.questionnaire.extension` is left out on purpose: the FHIR R4 JSON
 * schema the sandbox validates with defines no `_questionnaire` (primitive extensions of
 * canonical elements), so such resources would fail the sandbox's own validation.
 */
export const KNOWN_GAPS: Readonly<Record<string, readonly string[]>> = {
  'v6.1.0 us_core_observation_clinical_result': [
    'element Observation.valueCodeableConcept',
  ],
  'v6.1.0 us_core_observation_occupation': [
    'no Observation claims the profile',
  ],
  'v6.1.0 us_core_observation_screening_assessment': [
    'element Observation.valueString',
  ],
  'v6.1.0 us_core_questionnaireresponse': [
    'extension QuestionnaireResponse.questionnaire.extension:questionnaireDisplay (http://hl7.org/fhir/StructureDefinition/display)',
    'extension QuestionnaireResponse.questionnaire.extension:url (http://hl7.org/fhir/us/core/StructureDefinition/us-core-extension-questionnaire-uri)',
    'element QuestionnaireResponse.item.answer.valueString',
    'element QuestionnaireResponse.item.answer.item',
  ],
  'v6.1.0 us_core_simple_observation': [
    'element Observation.valueCodeableConcept',
    'element Observation.valueString',
    'element Observation.valueBoolean',
    'element Observation.derivedFrom',
  ],
  'v7.0.0 us_core_average_blood_pressure': [
    'element Observation.component.dataAbsentReason',
  ],
  'v7.0.0 us_core_care_experience_preference': [
    'element Observation.valueCodeableConcept',
  ],
  'v7.0.0 us_core_diagnosticreport_note': [
    'element DiagnosticReport.media',
    'element DiagnosticReport.media.link',
  ],
  'v7.0.0 us_core_medicationrequest': [
    'extension MedicationRequest.extension:medicationAdherence (http://hl7.org/fhir/us/core/StructureDefinition/us-core-medication-adherence)',
  ],
  'v7.0.0 us_core_observation_clinical_result': [
    'element Observation.valueCodeableConcept',
  ],
  'v7.0.0 us_core_observation_occupation': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_observation_screening_assessment': [
    'element Observation.valueString',
  ],
  'v7.0.0 us_core_questionnaireresponse': [
    'extension QuestionnaireResponse.questionnaire.extension:questionnaireDisplay (http://hl7.org/fhir/StructureDefinition/display)',
    'extension QuestionnaireResponse.questionnaire.extension:url (http://hl7.org/fhir/us/core/StructureDefinition/us-core-extension-questionnaire-uri)',
    'element QuestionnaireResponse.item.answer.valueString',
    'element QuestionnaireResponse.item.answer.item',
  ],
  'v7.0.0 us_core_simple_observation': [
    'element Observation.valueCodeableConcept',
    'element Observation.valueString',
    'element Observation.valueBoolean',
    'element Observation.derivedFrom',
  ],
  'v7.0.0 us_core_smokingstatus': [
    'slice Observation.value[x]:valueQuantity',
  ],
  'v7.0.0 us_core_treatment_intervention_preference': [
    'element Observation.valueCodeableConcept',
  ],
};
