/**
 * The R4 Patient compartment (R4 compartmentdefinition-patient.html, CompartmentDefinition
 * `patient` 4.0.1): for each resource type in it, the search parameters that put a resource
 * in a patient's compartment when they refer to that patient. Types absent from the table
 * are never in the compartment. A patient is in its own compartment, and a Patient resource
 * whose `link` refers to the patient is in it too (the definition's `Patient: link` rule).
 * Nothing wider: the records of a linking patient stay in that patient's own compartment, so
 * that editing `Patient.link` (which any app with write access may do) moves no one's
 * records into another compartment.
 */
import type { Resource } from './resource.js';
import type { ResourceStore } from '../store/resource-store.js';
import { matchCriterion } from './search/criterion.js';
import { findSearchParameter } from './search/definitions.js';
import type { Criterion, SearchParameterDefinition, SearchRequest } from './search/types.js';

const PATIENT_COMPARTMENT: ReadonlyMap<string, readonly string[]> = new Map([
  ['Account', ['subject']],
  ['AdverseEvent', ['subject']],
  ['AllergyIntolerance', ['patient', 'recorder', 'asserter']],
  ['Appointment', ['actor']],
  ['AppointmentResponse', ['actor']],
  ['AuditEvent', ['patient']],
  ['Basic', ['patient', 'author']],
  ['BodyStructure', ['patient']],
  ['CarePlan', ['patient', 'performer']],
  ['CareTeam', ['patient', 'participant']],
  ['ChargeItem', ['subject']],
  ['Claim', ['patient', 'payee']],
  ['ClaimResponse', ['patient']],
  ['ClinicalImpression', ['subject']],
  ['Communication', ['subject', 'sender', 'recipient']],
  ['CommunicationRequest', ['subject', 'sender', 'recipient', 'requester']],
  ['Composition', ['subject', 'author', 'attester']],
  ['Condition', ['patient', 'asserter']],
  ['Consent', ['patient']],
  ['Coverage', ['policy-holder', 'subscriber', 'beneficiary', 'payor']],
  ['CoverageEligibilityRequest', ['patient']],
  ['CoverageEligibilityResponse', ['patient']],
  ['DetectedIssue', ['patient']],
  ['DeviceRequest', ['subject', 'performer']],
  ['DeviceUseStatement', ['subject']],
  ['DiagnosticReport', ['subject']],
  ['DocumentManifest', ['subject', 'author', 'recipient']],
  ['DocumentReference', ['subject', 'author']],
  ['Encounter', ['patient']],
  ['EnrollmentRequest', ['subject']],
  ['EpisodeOfCare', ['patient']],
  ['ExplanationOfBenefit', ['patient', 'payee']],
  ['FamilyMemberHistory', ['patient']],
  ['Flag', ['patient']],
  ['Goal', ['patient']],
  ['Group', ['member']],
  ['ImagingStudy', ['patient']],
  ['Immunization', ['patient']],
  ['ImmunizationEvaluation', ['patient']],
  ['ImmunizationRecommendation', ['patient']],
  ['Invoice', ['subject', 'patient', 'recipient']],
  ['List', ['subject', 'source']],
  ['MeasureReport', ['patient']],
  ['Media', ['subject']],
  ['MedicationAdministration', ['patient', 'performer', 'subject']],
  ['MedicationDispense', ['subject', 'patient', 'receiver']],
  ['MedicationRequest', ['subject']],
  ['MedicationStatement', ['subject']],
  ['MolecularSequence', ['patient']],
  ['NutritionOrder', ['patient']],
  ['Observation', ['subject', 'performer']],
  ['Patient', ['link']],
  ['Person', ['patient']],
  ['Procedure', ['patient', 'performer']],
  ['Provenance', ['patient']],
  ['QuestionnaireResponse', ['subject', 'author']],
  ['RelatedPerson', ['patient']],
  ['RequestGroup', ['subject', 'participant']],
  ['ResearchSubject', ['individual']],
  ['RiskAssessment', ['subject']],
  ['Schedule', ['actor']],
  ['ServiceRequest', ['subject', 'performer']],
  ['Specimen', ['subject']],
  ['SupplyDelivery', ['patient']],
  ['SupplyRequest', ['subject']],
  ['VisionPrescription', ['patient']],
]);

/** True when resources of `type` can be in a Patient compartment. */
export function isPatientCompartmentType(type: string): boolean {
  return PATIENT_COMPARTMENT.has(type);
}

/** The parameters linking `type` to a patient; undefined when the type is not in the compartment. */
export function patientCompartmentParams(type: string): string[] | undefined {
  const params = PATIENT_COMPARTMENT.get(type);
  return params ? [...params] : undefined;
}

/** One reference criterion over all of a type's compartment parameters (matches nothing outside it). */
function compartmentCriterion(type: string, patientId: string): Criterion {
  const defs = (patientCompartmentParams(type) ?? []).map((name) => findSearchParameter(type, name)!);
  const paths: string[] = [];
  for (const d of defs) paths.push(...d.paths);
  const definition: SearchParameterDefinition = {
    type,
    name: 'patient-compartment',
    kind: 'reference',
    paths,
    targets: ['Patient'],
    description: `${type} in a Patient compartment`,
  };
  const values = defs.length === 0 ? [] : [{ type: 'Patient', id: patientId }];
  return { kind: 'reference', name: definition.name, definition, raw: patientId, implicit: true, values, self: type === 'Patient' };
}

/** True when `resource` is in the compartment of Patient `patientId`. */
export function isInPatientCompartment(_store: ResourceStore, resource: Readonly<Resource>, patientId: string): boolean {
  return matchCriterion(compartmentCriterion(resource.resourceType, patientId), resource);
}

/**
 * Narrows a search to the compartment of Patient `patientId` (in place; also returned). It
 * uses the store's reference index, so it costs what `patient=X` costs. A type outside the
 * compartment then matches nothing. Links made by `formatSearch` do not show it.
 */
export function restrictToPatientCompartment(_store: ResourceStore, request: SearchRequest, patientId: string): SearchRequest {
  request.criteria.push(compartmentCriterion(request.type, patientId));
  return request;
}

/**
 * A reusable test for membership in Patient `patientId`'s compartment: the criterion of each
 * type is built once, so filtering a whole search result costs one match per resource.
 * Types outside the compartment (Practitioner, Organization, Location, Medication, …) are
 * reported as `undefined`, for the caller to decide.
 */
export function compartmentMatcher(_store: ResourceStore, patientId: string): (resource: Readonly<Resource>) => boolean | undefined {
  const criteria = new Map<string, Criterion>();
  return (resource) => {
    const type = resource.resourceType;
    if (!PATIENT_COMPARTMENT.has(type)) return undefined;
    let criterion = criteria.get(type);
    if (!criterion) {
      criterion = compartmentCriterion(type, patientId);
      criteria.set(type, criterion);
    }
    return matchCriterion(criterion, resource);
  };
}
