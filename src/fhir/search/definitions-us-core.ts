/**
 * Search parameters of the US Core resource types that are not in the clinical or
 * administrative tables (R4 search parameter registry, the "Search Parameters" section of
 * each resource page; the searches US Core 6.1 requires: CareTeam patient+status,
 * QuestionnaireResponse patient, MedicationDispense patient, Specimen _id).
 */
import { date, forType, reference, string, token, uri } from './define.js';
import type { SearchParameterDefinition } from './types.js';

const PATIENT = ['Patient'];

const careTeam = forType('CareTeam', [
  token('category', ['category'], 'Type of team'),
  date('date', ['period'], 'Time period team covers'),
  reference('encounter', ['encounter'], ['Encounter'], 'Encounter created as part of'),
  token('identifier', ['identifier'], 'External Ids for this team'),
  reference('participant', ['participant.member'], ['Practitioner', 'Organization', 'CareTeam', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'Who is involved'),
  reference('patient', ['subject'], PATIENT, 'Who care team is for'),
  token('status', ['status'], 'proposed | active | suspended | inactive | entered-in-error'),
  reference('subject', ['subject'], ['Group', 'Patient'], 'Who care team is for'),
]);

const questionnaireResponse = forType('QuestionnaireResponse', [
  reference('author', ['author'], ['Practitioner', 'Organization', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'The author of the questionnaire response'),
  date('authored', ['authored'], 'When the questionnaire response was last changed'),
  reference('based-on', ['basedOn'], ['CarePlan', 'ServiceRequest'], 'Plan/proposal/order fulfilled by this questionnaire response'),
  reference('encounter', ['encounter'], ['Encounter'], 'Encounter associated with the questionnaire response'),
  token('identifier', ['identifier'], 'The unique identifier for the questionnaire response'),
  reference('patient', ['subject'], PATIENT, 'The patient that is the subject of the questionnaire response'),
  uri('questionnaire', ['questionnaire'], 'The questionnaire the answers are provided for'),
  token('status', ['status'], 'The status of the questionnaire response'),
  reference('subject', ['subject'], undefined, 'The subject of the questionnaire response'),
]);

const medicationDispense = forType('MedicationDispense', [
  token('code', ['medicationCodeableConcept'], 'Returns dispenses of this medicine code'),
  reference('context', ['context'], ['Encounter', 'EpisodeOfCare'], 'Returns dispenses with a specific context (episode or episode of care)'),
  token('identifier', ['identifier'], 'Returns dispenses with this external identifier'),
  reference('medication', ['medicationReference'], ['Medication'], 'Returns dispenses of this medicine resource'),
  reference('patient', ['subject'], PATIENT, 'The identity of a patient to list dispenses for'),
  reference('performer', ['performer.actor'], ['Practitioner', 'Organization', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'], 'Returns dispenses performed by a specific individual'),
  reference('prescription', ['authorizingPrescription'], ['MedicationRequest'], 'Multiple Resources: The identity of a prescription to list dispenses from'),
  reference('receiver', ['receiver'], ['Patient', 'Practitioner'], 'The identity of a receiver to list dispenses for'),
  token('status', ['status'], 'Returns dispenses with a specified dispense status'),
  reference('subject', ['subject'], ['Group', 'Patient'], 'The identity of a patient for whom to list dispenses'),
  token('type', ['type'], 'Returns dispenses of a specific type'),
  date('whenhandedover', ['whenHandedOver'], 'Returns dispenses handed over on this date'),
  date('whenprepared', ['whenPrepared'], 'Returns dispenses prepared on this date'),
]);

const specimen = forType('Specimen', [
  token('accession', ['accessionIdentifier'], 'The accession number associated with the specimen'),
  token('bodysite', ['collection.bodySite'], 'The code for the body site from where the specimen originated'),
  date('collected', ['collection.collectedDateTime', 'collection.collectedPeriod'], 'The date the specimen was collected'),
  reference('collector', ['collection.collector'], ['Practitioner', 'PractitionerRole'], 'Who collected the specimen'),
  token('identifier', ['identifier'], 'The unique identifier associated with the specimen'),
  reference('parent', ['parent'], ['Specimen'], 'The parent of the specimen'),
  reference('patient', ['subject'], PATIENT, 'The patient the specimen comes from'),
  token('status', ['status'], 'available | unavailable | unsatisfactory | entered-in-error'),
  reference('subject', ['subject'], ['Group', 'Device', 'Patient', 'Substance', 'Location'], 'The subject of the specimen'),
  token('type', ['type'], 'The specimen type'),
  string('container-id', ['container.identifier.value'], 'The unique identifier associated with the specimen container'),
]);

/** The tables of the remaining US Core types, by resource type. */
export const US_CORE_DEFINITIONS: readonly (readonly SearchParameterDefinition[])[] = [careTeam, questionnaireResponse, medicationDispense, specimen];
