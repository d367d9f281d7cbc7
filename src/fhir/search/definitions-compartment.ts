/**
 * The reference parameters that put the remaining R4 resource types in the Patient
 * compartment (R4 compartmentdefinition-patient.html) and have no table of their own
 * (CareTeam, MedicationDispense, QuestionnaireResponse and Specimen are in definitions-us-core.ts), with the expressions of the R4
 * search parameter registry. Only these parameters (plus the common ones) are searchable
 * on these types.
 */
import { forType, reference } from './define.js';
import type { SearchParameterDefinition } from './types.js';

type Spec = [name: string, paths: string[], targets?: string[]];

const PATIENT = ['Patient'];

function refs(type: string, specs: Spec[]): readonly SearchParameterDefinition[] {
  return forType(
    type,
    specs.map(([name, paths, targets]) =>
      reference(name, paths, targets, `${paths.map((p) => `${type}.${p}`).join(' | ')}${targets ? ` (${targets.join(', ')})` : ''}`),
    ),
  );
}

/** Tables of the other Patient-compartment types, by resource type. */
export const COMPARTMENT_DEFINITIONS: readonly (readonly SearchParameterDefinition[])[] = [
  refs('Account', [['subject', ['subject']]]),
  refs('AdverseEvent', [['subject', ['subject']]]),
  refs('Appointment', [['actor', ['participant.actor']]]),
  refs('AppointmentResponse', [['actor', ['actor']]]),
  refs('AuditEvent', [['patient', ['agent.who', 'entity.what'], PATIENT]]),
  refs('Basic', [['author', ['author']], ['patient', ['subject'], PATIENT]]),
  refs('BodyStructure', [['patient', ['patient'], PATIENT]]),
  refs('ChargeItem', [['subject', ['subject']]]),
  refs('Claim', [['patient', ['patient'], PATIENT], ['payee', ['payee.party']]]),
  refs('ClaimResponse', [['patient', ['patient'], PATIENT]]),
  refs('ClinicalImpression', [['subject', ['subject']]]),
  refs('Communication', [['recipient', ['recipient']], ['sender', ['sender']], ['subject', ['subject']]]),
  refs('CommunicationRequest', [
    ['recipient', ['recipient']],
    ['requester', ['requester']],
    ['sender', ['sender']],
    ['subject', ['subject']],
  ]),
  refs('Composition', [['attester', ['attester.party']], ['author', ['author']], ['subject', ['subject']]]),
  refs('Consent', [['patient', ['patient'], PATIENT]]),
  refs('CoverageEligibilityRequest', [['patient', ['patient'], PATIENT]]),
  refs('CoverageEligibilityResponse', [['patient', ['patient'], PATIENT]]),
  refs('DetectedIssue', [['patient', ['patient'], PATIENT]]),
  refs('DeviceRequest', [['performer', ['performer']], ['subject', ['subject']]]),
  refs('DeviceUseStatement', [['subject', ['subject']]]),
  refs('DocumentManifest', [['author', ['author']], ['recipient', ['recipient']], ['subject', ['subject']]]),
  refs('EnrollmentRequest', [['subject', ['candidate']]]),
  refs('EpisodeOfCare', [['patient', ['patient'], PATIENT]]),
  refs('ExplanationOfBenefit', [['patient', ['patient'], PATIENT], ['payee', ['payee.party']]]),
  refs('FamilyMemberHistory', [['patient', ['patient'], PATIENT]]),
  refs('Flag', [['patient', ['subject'], PATIENT]]),
  refs('Group', [['member', ['member.entity']]]),
  refs('ImagingStudy', [['patient', ['subject'], PATIENT]]),
  refs('ImmunizationEvaluation', [['patient', ['patient'], PATIENT]]),
  refs('ImmunizationRecommendation', [['patient', ['patient'], PATIENT]]),
  refs('Invoice', [['patient', ['subject'], PATIENT], ['recipient', ['recipient']], ['subject', ['subject']]]),
  refs('List', [['source', ['source']], ['subject', ['subject']]]),
  refs('MeasureReport', [['patient', ['subject'], PATIENT]]),
  refs('Media', [['subject', ['subject']]]),
  refs('MedicationAdministration', [
    ['patient', ['subject'], PATIENT],
    ['performer', ['performer.actor']],
    ['subject', ['subject']],
  ]),
  refs('MedicationStatement', [['subject', ['subject']]]),
  refs('MolecularSequence', [['patient', ['patient'], PATIENT]]),
  refs('NutritionOrder', [['patient', ['patient'], PATIENT]]),
  refs('Person', [['patient', ['link.target'], PATIENT]]),
  refs('RequestGroup', [['participant', ['action.participant']], ['subject', ['subject']]]),
  refs('ResearchSubject', [['individual', ['individual']]]),
  refs('RiskAssessment', [['subject', ['subject']]]),
  refs('Schedule', [['actor', ['actor']]]),
  refs('SupplyDelivery', [['patient', ['patient'], PATIENT]]),
  refs('SupplyRequest', [['subject', ['deliverTo']]]),
  refs('VisionPrescription', [['patient', ['patient'], PATIENT]]),
];
