/**
 * Search parameters of the clinical resource types (R4 search parameter registry, the
 * "Search Parameters" section of each resource page, and the US Core 3.1.1 requirements).
 */
import { date, forType, quantity, reference, string, token, uri } from './define.js';
import { observation } from './definitions-observation.js';
import type { SearchParameterDefinition } from './types.js';

const ENCOUNTER = ['Encounter'];
const PATIENT = ['Patient'];
const PATIENT_OR_GROUP = ['Patient', 'Group'];
/** Practitioner, Patient, PractitionerRole or RelatedPerson (asserter, recorder). */
const ASSERTER = ['Practitioner', 'Patient', 'PractitionerRole', 'RelatedPerson'];
const REQUESTER = ['Practitioner', 'Organization', 'Patient', 'PractitionerRole', 'Device', 'RelatedPerson'];

const condition = forType('Condition', [
  date('abatement-date', ['abatementDateTime', 'abatementPeriod'], 'Date-related abatements (dateTime and period)'),
  string('abatement-string', ['abatementString'], 'Abatement as a string'),
  reference('asserter', ['asserter'], ASSERTER, 'Person who asserts this condition'),
  token('body-site', ['bodySite'], 'Anatomical location, if relevant'),
  token('category', ['category'], 'The category of the condition'),
  token('clinical-status', ['clinicalStatus'], 'The clinical status of the condition'),
  token('code', ['code'], 'Code for the condition'),
  reference('encounter', ['encounter'], ENCOUNTER, 'Encounter created as part of'),
  token('evidence', ['evidence.code'], 'Manifestation/symptom'),
  token('identifier', ['identifier'], 'A unique identifier of the condition record'),
  date('onset-date', ['onsetDateTime', 'onsetPeriod'], 'Date related onsets (dateTime and Period)'),
  string('onset-info', ['onsetString'], 'Onset as a string'),
  reference('patient', ['subject'], PATIENT, 'Who has the condition, if a patient'),
  date('recorded-date', ['recordedDate'], 'Date record was first recorded'),
  token('severity', ['severity'], 'The severity of the condition'),
  token('stage', ['stage.summary'], 'Simple summary (disease specific)'),
  reference('subject', ['subject'], PATIENT_OR_GROUP, 'Who has the condition'),
  token('verification-status', ['verificationStatus'], 'The verification status of the condition'),
]);

const allergyIntolerance = forType('AllergyIntolerance', [
  reference('asserter', ['asserter'], ASSERTER, 'Source of the information about the allergy'),
  token('category', ['category'], 'food | medication | environment | biologic'),
  token('clinical-status', ['clinicalStatus'], 'active | inactive | resolved'),
  token('code', ['code', 'reaction.substance'], 'Code that identifies the allergy or intolerance'),
  token('criticality', ['criticality'], 'low | high | unable-to-assess'),
  date('date', ['recordedDate'], 'Date first version of the resource instance was recorded'),
  token('identifier', ['identifier'], 'External ids for this item'),
  date('last-date', ['lastOccurrence'], 'Date(/time) of last known occurrence of a reaction'),
  token('manifestation', ['reaction.manifestation'], 'Clinical symptoms/signs associated with the event'),
  date('onset', ['reaction.onset'], 'Date(/time) when manifestations showed'),
  reference('patient', ['patient'], PATIENT, 'Who the sensitivity is for'),
  reference('recorder', ['recorder'], ASSERTER, 'Who recorded the sensitivity'),
  token('route', ['reaction.exposureRoute'], 'How the subject was exposed to the substance'),
  token('severity', ['reaction.severity'], 'mild | moderate | severe (of event as a whole)'),
  token('type', ['type'], 'allergy | intolerance'),
  token('verification-status', ['verificationStatus'], 'unconfirmed | confirmed | refuted | entered-in-error'),
]);

const encounter = forType('Encounter', [
  reference('account', ['account'], ['Account'], 'The set of accounts that may be used for billing'),
  reference('appointment', ['appointment'], ['Appointment'], 'The appointment that scheduled this encounter'),
  reference('based-on', ['basedOn'], ['ServiceRequest'], 'The ServiceRequest that initiated this encounter'),
  token('class', ['class'], 'Classification of patient encounter'),
  date('date', ['period'], 'A date within the period the Encounter lasted'),
  reference('diagnosis', ['diagnosis.condition'], ['Condition', 'Procedure'], 'The diagnosis or procedure relevant to the encounter'),
  reference('episode-of-care', ['episodeOfCare'], ['EpisodeOfCare'], 'Episode(s) of care that this encounter should be recorded against'),
  token('identifier', ['identifier'], 'Identifier(s) by which this encounter is known'),
  quantity('length', ['length'], 'Length of encounter in days'),
  reference('location', ['location.location'], ['Location'], 'Location the encounter takes place'),
  date('location-period', ['location.period'], 'Time period during which the patient was present at the location'),
  reference('part-of', ['partOf'], ENCOUNTER, 'Another Encounter this encounter is part of'),
  reference('participant', ['participant.individual'], ['Practitioner', 'PractitionerRole', 'RelatedPerson'], 'Persons involved in the encounter other than the patient'),
  token('participant-type', ['participant.type'], 'Role of participant in encounter'),
  reference('patient', ['subject'], PATIENT, 'The patient present at the encounter'),
  reference('practitioner', ['participant.individual'], ['Practitioner'], 'Persons involved in the encounter, if practitioners'),
  token('reason-code', ['reasonCode'], 'Coded reason the encounter takes place'),
  reference('reason-reference', ['reasonReference'], ['Condition', 'Procedure', 'Observation', 'ImmunizationRecommendation'], 'Reason the encounter takes place (reference)'),
  reference('service-provider', ['serviceProvider'], ['Organization'], 'The organization responsible for this encounter'),
  token('special-arrangement', ['hospitalization.specialArrangement'], 'Wheelchair, translator, stretcher, etc.'),
  token('status', ['status'], 'planned | arrived | triaged | in-progress | onleave | finished | cancelled +'),
  reference('subject', ['subject'], PATIENT_OR_GROUP, 'The patient or group present at the encounter'),
  token('type', ['type'], 'Specific type of encounter'),
]);

const medicationRequest = forType('MedicationRequest', [
  date('authoredon', ['authoredOn'], 'Return prescriptions written on this date'),
  token('category', ['category'], 'Returns prescriptions with different categories'),
  token('code', ['medicationCodeableConcept'], 'Return prescriptions of this medication code'),
  date('date', ['dosageInstruction.timing.event'], 'Returns medication request to be administered on a specific date'),
  reference('encounter', ['encounter'], ENCOUNTER, 'Return prescriptions with this encounter identifier'),
  token('identifier', ['identifier'], 'Return prescriptions with this external identifier'),
  reference('intended-dispenser', ['dispenseRequest.performer'], ['Organization'], 'Returns prescriptions intended to be dispensed by this Organization'),
  reference('intended-performer', ['performer'], ['Practitioner', 'Organization', 'CareTeam', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'Returns the intended performer of the administration of the medication request'),
  token('intended-performertype', ['performerType'], 'Returns requests for a specific type of performer'),
  token('intent', ['intent'], 'Returns prescriptions with different intents'),
  reference('medication', ['medicationReference'], ['Medication'], 'Return prescriptions for this medication reference'),
  reference('patient', ['subject'], PATIENT, 'Returns prescriptions for a specific patient'),
  token('priority', ['priority'], 'Returns prescriptions with different priorities'),
  reference('requester', ['requester'], REQUESTER, 'Returns prescriptions prescribed by this prescriber'),
  token('status', ['status'], 'Status of the prescription'),
  reference('subject', ['subject'], PATIENT_OR_GROUP, 'The identity of a patient to list orders for'),
]);

const immunization = forType('Immunization', [
  date('date', ['occurrenceDateTime'], 'Vaccination (non)-Administration Date'),
  token('identifier', ['identifier'], 'Business identifier'),
  reference('location', ['location'], ['Location'], 'The service delivery location or facility'),
  string('lot-number', ['lotNumber'], 'Vaccine Lot Number'),
  reference('manufacturer', ['manufacturer'], ['Organization'], 'Vaccine Manufacturer'),
  reference('patient', ['patient'], PATIENT, 'The patient for the vaccination record'),
  reference('performer', ['performer.actor'], ['Practitioner', 'Organization', 'PractitionerRole'], 'The practitioner or organization who played a role in the vaccination'),
  reference('reaction', ['reaction.detail'], ['Observation'], 'Additional information on reaction'),
  date('reaction-date', ['reaction.date'], 'When reaction started'),
  token('reason-code', ['reasonCode'], 'Reason why the vaccine was administered'),
  reference('reason-reference', ['reasonReference'], ['Condition', 'Observation', 'DiagnosticReport'], 'Why immunization occurred'),
  string('series', ['protocolApplied.series'], 'The series being followed by the provider'),
  token('status', ['status'], 'Immunization event status'),
  token('status-reason', ['statusReason'], 'Reason why the vaccine was not administered'),
  token('vaccine-code', ['vaccineCode'], 'Vaccine Product Administered'),
]);

const procedure = forType('Procedure', [
  reference('based-on', ['basedOn'], ['CarePlan', 'ServiceRequest'], 'A request for this procedure'),
  token('category', ['category'], 'Classification of the procedure'),
  token('code', ['code'], 'A code to identify a procedure'),
  date('date', ['performedDateTime', 'performedPeriod'], 'When the procedure was performed (performed[x])'),
  reference('encounter', ['encounter'], ENCOUNTER, 'Encounter created as part of'),
  token('identifier', ['identifier'], 'A unique identifier for a procedure'),
  reference('location', ['location'], ['Location'], 'Where the procedure happened'),
  reference('part-of', ['partOf'], ['Procedure', 'Observation', 'MedicationAdministration'], 'Part of referenced event'),
  reference('patient', ['subject'], PATIENT, 'Search by subject, if a patient'),
  reference('performer', ['performer.actor'], ['Practitioner', 'Organization', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'The reference to the practitioner'),
  token('reason-code', ['reasonCode'], 'Coded reason procedure performed'),
  reference('reason-reference', ['reasonReference'], ['Condition', 'Observation', 'Procedure', 'DiagnosticReport', 'DocumentReference'], 'The justification that the procedure was performed'),
  token('status', ['status'], 'preparation | in-progress | not-done | on-hold | stopped | completed | entered-in-error | unknown'),
  reference('subject', ['subject'], PATIENT_OR_GROUP, 'Search by subject'),
]);

const diagnosticReport = forType('DiagnosticReport', [
  reference('based-on', ['basedOn'], ['CarePlan', 'ImmunizationRecommendation', 'MedicationRequest', 'NutritionOrder', 'ServiceRequest'], 'Reference to the service request'),
  token('category', ['category'], 'Which diagnostic discipline/department created the report'),
  token('code', ['code'], 'The code for the report, as opposed to codes for the atomic results'),
  token('conclusion', ['conclusionCode'], 'A coded conclusion (interpretation/impression) on the report'),
  date('date', ['effectiveDateTime', 'effectivePeriod'], 'The clinically relevant time of the report (effective[x])'),
  reference('encounter', ['encounter'], ENCOUNTER, 'The Encounter when the order was made'),
  token('identifier', ['identifier'], 'An identifier for the report'),
  date('issued', ['issued'], 'When the report was issued'),
  reference('media', ['media.link'], ['Media'], 'A reference to the image source'),
  reference('patient', ['subject'], PATIENT, 'The subject of the report if a patient'),
  reference('performer', ['performer'], ['Practitioner', 'Organization', 'CareTeam', 'PractitionerRole'], 'Who is responsible for the report'),
  reference('result', ['result'], ['Observation'], 'Link to an atomic result (observation resource)'),
  reference('results-interpreter', ['resultsInterpreter'], ['Practitioner', 'Organization', 'CareTeam', 'PractitionerRole'], 'Who was the source of the report'),
  reference('specimen', ['specimen'], ['Specimen'], 'The specimen details'),
  token('status', ['status'], 'The status of the report'),
  reference('subject', ['subject'], ['Group', 'Device', 'Patient', 'Location'], 'The subject of the report'),
]);

const documentReference = forType('DocumentReference', [
  reference('authenticator', ['authenticator'], ['Practitioner', 'Organization', 'PractitionerRole'], 'Who/what authenticated the document'),
  reference('author', ['author'], ['Practitioner', 'Organization', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'Who and/or what authored the document'),
  token('category', ['category'], 'Categorization of document'),
  token('contenttype', ['content.attachment.contentType'], 'Mime type of the content, with charset etc.'),
  reference('custodian', ['custodian'], ['Organization'], 'Organization which maintains the document'),
  date('date', ['date'], 'When this document reference was created'),
  string('description', ['description'], 'Human-readable description'),
  reference('encounter', ['context.encounter'], ['Encounter', 'EpisodeOfCare'], 'Context of the document content'),
  token('event', ['context.event'], 'Main clinical acts documented'),
  token('facility', ['context.facilityType'], 'Kind of facility where patient was seen'),
  token('format', ['content.format'], 'Format/content rules for the document'),
  token('identifier', ['masterIdentifier', 'identifier'], 'Master Version Specific Identifier'),
  token('language', ['content.attachment.language'], 'Human language of the content (BCP-47)'),
  uri('location', ['content.attachment.url'], 'Uri where the data can be found'),
  reference('patient', ['subject'], PATIENT, 'Who/what is the subject of the document, if a patient'),
  date('period', ['context.period'], 'Time of service that is being documented'),
  reference('relatesto', ['relatesTo.target'], ['DocumentReference'], 'Target of the relationship'),
  token('relation', ['relatesTo.code'], 'replaces | transforms | signs | appends'),
  token('security-label', ['securityLabel'], 'Document security-tags'),
  token('setting', ['context.practiceSetting'], 'Additional details about where the content was created'),
  token('status', ['status'], 'current | superseded | entered-in-error'),
  reference('subject', ['subject'], ['Practitioner', 'Group', 'Device', 'Patient'], 'Who/what is the subject of the document'),
  token('type', ['type'], 'Kind of document (LOINC if possible)'),
]);

const carePlan = forType('CarePlan', [
  token('activity-code', ['activity.detail.code'], 'Detail type of activity'),
  date('activity-date', ['activity.detail.scheduledTiming.event', 'activity.detail.scheduledPeriod'], 'Specified date occurs within period specified by CarePlan.activity.detail.scheduled[x]'),
  reference('activity-reference', ['activity.reference'], ['Appointment', 'CommunicationRequest', 'DeviceRequest', 'MedicationRequest', 'NutritionOrder', 'Task', 'ServiceRequest', 'VisionPrescription', 'RequestGroup'], 'Activity details defined in specific resource'),
  reference('based-on', ['basedOn'], ['CarePlan'], 'Fulfills CarePlan'),
  reference('care-team', ['careTeam'], ['CareTeam'], "Who's involved in plan?"),
  token('category', ['category'], 'Type of plan'),
  reference('condition', ['addresses'], ['Condition'], 'Health issues this plan addresses'),
  date('date', ['period'], 'Time period plan covers'),
  reference('encounter', ['encounter'], ENCOUNTER, 'Encounter created as part of'),
  reference('goal', ['goal'], ['Goal'], 'Desired outcome of plan'),
  token('identifier', ['identifier'], 'External Ids for this plan'),
  token('intent', ['intent'], 'proposal | plan | order | option'),
  reference('part-of', ['partOf'], ['CarePlan'], 'Part of referenced CarePlan'),
  reference('patient', ['subject'], PATIENT, 'Who the care plan is for, if a patient'),
  reference('performer', ['activity.detail.performer'], ['Practitioner', 'Organization', 'CareTeam', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson', 'HealthcareService'], 'Matches if the practitioner is listed as a performer in any of the "simple" activities'),
  reference('replaces', ['replaces'], ['CarePlan'], 'CarePlan replaced by this CarePlan'),
  token('status', ['status'], 'draft | active | on-hold | revoked | completed | entered-in-error | unknown'),
  reference('subject', ['subject'], PATIENT_OR_GROUP, 'Who the care plan is for'),
]);

const goal = forType('Goal', [
  token('achievement-status', ['achievementStatus'], 'in-progress | improving | worsening | no-change | achieved | sustaining | not-achieved | no-progress | not-attainable'),
  token('category', ['category'], 'E.g. Treatment, dietary, behavioral, etc.'),
  token('identifier', ['identifier'], 'External Ids for this goal'),
  token('lifecycle-status', ['lifecycleStatus'], 'proposed | planned | accepted | active | on-hold | completed | cancelled | entered-in-error | rejected'),
  reference('patient', ['subject'], PATIENT, 'Who this goal is intended for, if a patient'),
  date('start-date', ['startDate'], 'When goal pursuit begins'),
  reference('subject', ['subject'], ['Group', 'Organization', 'Patient'], 'Who this goal is intended for'),
  date('target-date', ['target.dueDate'], 'Reach goal on or before'),
]);

const serviceRequest = forType('ServiceRequest', [
  date('authored', ['authoredOn'], 'Date request signed'),
  reference('based-on', ['basedOn'], ['CarePlan', 'ServiceRequest', 'MedicationRequest'], 'What request fulfills'),
  token('body-site', ['bodySite'], 'Where procedure is going to be done'),
  token('category', ['category'], 'Classification of service'),
  token('code', ['code'], 'What is being requested/ordered'),
  reference('encounter', ['encounter'], ENCOUNTER, 'An encounter in which this request is made'),
  token('identifier', ['identifier'], 'Identifiers assigned to this order'),
  token('intent', ['intent'], 'proposal | plan | directive | order | original-order | reflex-order | filler-order | instance-order | option'),
  date('occurrence', ['occurrenceDateTime', 'occurrencePeriod', 'occurrenceTiming.event'], 'When service should occur'),
  reference('patient', ['subject'], PATIENT, 'Search by subject, if a patient'),
  reference('performer', ['performer'], ['Practitioner', 'Organization', 'CareTeam', 'HealthcareService', 'Patient', 'Device', 'PractitionerRole', 'RelatedPerson'], 'Requested performer'),
  token('performer-type', ['performerType'], 'Performer role'),
  token('priority', ['priority'], 'routine | urgent | asap | stat'),
  reference('replaces', ['replaces'], ['ServiceRequest'], 'What request replaces'),
  reference('requester', ['requester'], REQUESTER, 'Who/what is requesting service'),
  token('requisition', ['requisition'], 'Composite Request ID'),
  reference('specimen', ['specimen'], ['Specimen'], 'Specimen to be tested'),
  token('status', ['status'], 'draft | active | on-hold | revoked | completed | entered-in-error | unknown'),
  reference('subject', ['subject'], ['Group', 'Device', 'Patient', 'Location'], 'Search by subject'),
]);

const provenance = forType('Provenance', [
  reference('agent', ['agent.who'], ['Practitioner', 'Organization', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'Who participated'),
  token('agent-role', ['agent.role'], 'What the agents role was'),
  token('agent-type', ['agent.type'], 'How the agent participated'),
  reference('entity', ['entity.what'], undefined, 'Identity of entity'),
  reference('location', ['location'], ['Location'], 'Where the activity occurred, if relevant'),
  reference('patient', ['target'], PATIENT, 'Target Reference(s) (usually version specific), if patients'),
  date('recorded', ['recorded'], 'When the activity was recorded / updated'),
  token('signature-type', ['signature.type'], 'Indication of the reason the entity signed the object(s)'),
  reference('target', ['target'], undefined, 'Target Reference(s) (usually version specific)'),
  date('when', ['occurredDateTime'], 'When the activity occurred'),
]);

/** The clinical tables, by resource type. */
export const CLINICAL_DEFINITIONS: readonly (readonly SearchParameterDefinition[])[] = [
  observation,
  condition,
  allergyIntolerance,
  encounter,
  medicationRequest,
  immunization,
  procedure,
  diagnosticReport,
  documentReference,
  carePlan,
  goal,
  serviceRequest,
  provenance,
];
