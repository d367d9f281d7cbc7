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
  'v6.1.0 us_core_blood_pressure': [
    'element Observation.component.dataAbsentReason',
    'element Observation.component:systolic.dataAbsentReason',
    'element Observation.component:diastolic.dataAbsentReason',
  ],
  'v6.1.0 us_core_implantable_device': [
    'no Device claims the profile',
  ],
  'v6.1.0 us_core_diagnosticreport_note': [
    'no DiagnosticReport claims the profile',
  ],
  'v6.1.0 us_core_documentreference': [
    'element DocumentReference.identifier',
  ],
  'v6.1.0 head_occipital_frontal_circumference_percentile': [
    'no Observation claims the profile',
  ],
  'v6.1.0 us_core_medicationdispense': [
    'no MedicationDispense claims the profile',
  ],
  'v6.1.0 us_core_medicationrequest': [
    'element MedicationRequest.reportedBoolean',
    'element MedicationRequest.reportedReference',
    'element MedicationRequest.medication[x] as Reference',
  ],
  'v6.1.0 us_core_observation_clinical_result': [
    'no Observation claims the profile',
  ],
  'v6.1.0 us_core_observation_lab': [
    'element Observation.valueCodeableConcept',
    'element Observation.valueString',
    'element Observation.specimen',
  ],
  'v6.1.0 us_core_observation_occupation': [
    'no Observation claims the profile',
  ],
  'v6.1.0 us_core_observation_screening_assessment': [
    'element Observation.valueQuantity',
    'element Observation.valueString',
  ],
  'v6.1.0 us_core_patient': [
    'extension Patient.extension:tribalAffiliation (http://hl7.org/fhir/us/core/StructureDefinition/us-core-tribal-affiliation)',
  ],
  'v6.1.0 pediatric_bmi_for_age': [
    'no Observation claims the profile',
  ],
  'v6.1.0 pediatric_weight_for_height': [
    'no Observation claims the profile',
  ],
  'v6.1.0 us_core_procedure': [
    'element Procedure.basedOn',
  ],
  'v6.1.0 us_core_pulse_oximetry': [
    'slice Observation.component:FlowRate',
    'slice Observation.component:Concentration',
    'element Observation.component',
    'element Observation.component.code',
    'element Observation.component.valueQuantity',
    'element Observation.component:FlowRate.code',
    'element Observation.component:FlowRate.valueQuantity',
    'element Observation.component:FlowRate.valueQuantity.value',
    'element Observation.component:FlowRate.valueQuantity.unit',
    'element Observation.component:FlowRate.valueQuantity.system = http://unitsofmeasure.org',
    'element Observation.component:FlowRate.valueQuantity.code = L/min',
    'element Observation.component:Concentration.code',
    'element Observation.component:Concentration.valueQuantity',
    'element Observation.component:Concentration.valueQuantity.value',
    'element Observation.component:Concentration.valueQuantity.unit',
    'element Observation.component:Concentration.valueQuantity.system = http://unitsofmeasure.org',
    'element Observation.component:Concentration.valueQuantity.code = %',
  ],
  'v6.1.0 us_core_questionnaireresponse': [
    'extension QuestionnaireResponse.questionnaire.extension:questionnaireDisplay (http://hl7.org/fhir/StructureDefinition/display)',
    'extension QuestionnaireResponse.questionnaire.extension:url (http://hl7.org/fhir/us/core/StructureDefinition/us-core-extension-questionnaire-uri)',
    'element QuestionnaireResponse.item.answer.valueDecimal',
    'element QuestionnaireResponse.item.answer.valueString',
    'element QuestionnaireResponse.item.answer.item',
    'element QuestionnaireResponse.item.item',
  ],
  'v6.1.0 us_core_servicerequest': [
    'no ServiceRequest claims the profile',
  ],
  'v6.1.0 us_core_simple_observation': [
    'no Observation claims the profile',
  ],
  'v6.1.0 us_core_specimen': [
    'no Specimen claims the profile',
  ],
  'v7.0.0 us_core_average_blood_pressure': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_blood_pressure': [
    'element Observation.component.dataAbsentReason',
    'element Observation.component:systolic.dataAbsentReason',
    'element Observation.component:diastolic.dataAbsentReason',
  ],
  'v7.0.0 us_core_care_experience_preference': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_implantable_device': [
    'no Device claims the profile',
  ],
  'v7.0.0 us_core_diagnosticreport_note': [
    'no DiagnosticReport claims the profile',
  ],
  'v7.0.0 us_core_documentreference': [
    'element DocumentReference.identifier',
  ],
  'v7.0.0 head_occipital_frontal_circumference_percentile': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_medicationdispense': [
    'no MedicationDispense claims the profile',
  ],
  'v7.0.0 us_core_medicationrequest': [
    'extension MedicationRequest.extension:medicationAdherence (http://hl7.org/fhir/us/core/StructureDefinition/us-core-medication-adherence)',
    'element MedicationRequest.reportedBoolean',
    'element MedicationRequest.reportedReference',
    'element MedicationRequest.medication[x] as Reference',
  ],
  'v7.0.0 us_core_observation_clinical_result': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_observation_lab': [
    'element Observation.valueCodeableConcept',
    'element Observation.valueString',
    'element Observation.specimen',
  ],
  'v7.0.0 us_core_observation_occupation': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_observation_screening_assessment': [
    'element Observation.valueQuantity',
    'element Observation.valueString',
  ],
  'v7.0.0 us_core_patient': [
    'extension Patient.extension:tribalAffiliation (http://hl7.org/fhir/us/core/StructureDefinition/us-core-tribal-affiliation)',
  ],
  'v7.0.0 pediatric_bmi_for_age': [
    'no Observation claims the profile',
  ],
  'v7.0.0 pediatric_weight_for_height': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_procedure': [
    'element Procedure.basedOn',
  ],
  'v7.0.0 us_core_pulse_oximetry': [
    'slice Observation.component:FlowRate',
    'slice Observation.component:Concentration',
    'element Observation.component',
    'element Observation.component.code',
    'element Observation.component.valueQuantity',
    'element Observation.component:FlowRate.code',
    'element Observation.component:FlowRate.valueQuantity',
    'element Observation.component:FlowRate.valueQuantity.value',
    'element Observation.component:FlowRate.valueQuantity.unit',
    'element Observation.component:FlowRate.valueQuantity.system = http://unitsofmeasure.org',
    'element Observation.component:FlowRate.valueQuantity.code = L/min',
    'element Observation.component:Concentration.code',
    'element Observation.component:Concentration.valueQuantity',
    'element Observation.component:Concentration.valueQuantity.value',
    'element Observation.component:Concentration.valueQuantity.unit',
    'element Observation.component:Concentration.valueQuantity.system = http://unitsofmeasure.org',
    'element Observation.component:Concentration.valueQuantity.code = %',
  ],
  'v7.0.0 us_core_questionnaireresponse': [
    'extension QuestionnaireResponse.questionnaire.extension:questionnaireDisplay (http://hl7.org/fhir/StructureDefinition/display)',
    'extension QuestionnaireResponse.questionnaire.extension:url (http://hl7.org/fhir/us/core/StructureDefinition/us-core-extension-questionnaire-uri)',
    'element QuestionnaireResponse.item.answer.valueDecimal',
    'element QuestionnaireResponse.item.answer.valueString',
    'element QuestionnaireResponse.item.answer.item',
    'element QuestionnaireResponse.item.item',
  ],
  'v7.0.0 us_core_servicerequest': [
    'no ServiceRequest claims the profile',
  ],
  'v7.0.0 us_core_simple_observation': [
    'no Observation claims the profile',
  ],
  'v7.0.0 us_core_smokingstatus': [
    'slice Observation.value[x]:valueQuantity',
  ],
  'v7.0.0 us_core_specimen': [
    'no Specimen claims the profile',
  ],
  'v7.0.0 us_core_treatment_intervention_preference': [
    'no Observation claims the profile',
  ],
};
