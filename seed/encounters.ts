/** Encounter resources (US Core Encounter) from planned visits. */
import type { Resource } from '../src/fhir/resource.js';
import { ADMIT_SOURCE, DISCHARGE_DISPOSITION, ENCOUNTER_CLASS, PARTICIPATION_TYPE } from './codes/hl7.js';
import { ACUTE, ROUTINE_VISIT } from './codes/problems.js';
import { ENCOUNTER_TYPES } from './codes/snomed.js';
import type { Code } from './codes/types.js';
import { CHRONIC_CODES } from './conditions.js';
import { problemConcept } from './diagnoses.js';
import { concept, deepFreeze, plainConcept, profileList, sharedConcept, type CodeableConcept, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const PROFILE = profileList('us-core-encounter');
const TYPES = new Map<Code, Readonly<CodeableConcept>[]>(Object.values(ENCOUNTER_TYPES).map((t) => [t, deepFreeze([sharedConcept(t)])]));
const PARTICIPANT_TYPES = {
  attender: deepFreeze([plainConcept(PARTICIPATION_TYPE.attender)]),
  primaryPerformer: deepFreeze([plainConcept(PARTICIPATION_TYPE.primaryPerformer)]),
};
const HOSPITALIZATION = {
  born: deepFreeze({ admitSource: sharedConcept(ADMIT_SOURCE.born), dischargeDisposition: sharedConcept(DISCHARGE_DISPOSITION.home) }),
  emergency: deepFreeze({ admitSource: sharedConcept(ADMIT_SOURCE.emergency), dischargeDisposition: sharedConcept(DISCHARGE_DISPOSITION.home) }),
};

function typeOf(visit: Visit): Code {
  switch (visit.kind) {
    case 'well':
      return visit.age < 18 ? ENCOUNTER_TYPES.wellChild : ENCOUNTER_TYPES.checkUp;
    case 'followUp':
      return ENCOUNTER_TYPES.followUp;
    case 'diagnosis':
    case 'sick':
      return ENCOUNTER_TYPES.symptom;
    case 'emergency':
      return ENCOUNTER_TYPES.emergency;
    case 'inpatient':
    case 'birth':
      return ENCOUNTER_TYPES.hospitalAdmission;
  }
}

function classOf(visit: Visit): Code {
  if (visit.kind === 'emergency') return ENCOUNTER_CLASS.emergency;
  if (visit.kind === 'inpatient' || visit.kind === 'birth') return ENCOUNTER_CLASS.inpatient;
  return ENCOUNTER_CLASS.ambulatory;
}

function routineReason(visit: Visit): Code {
  const days = visit.age * 365.25;
  if (days < 8) return ROUTINE_VISIT.newbornUnder8Days;
  if (days <= 28) return ROUTINE_VISIT.newborn8To28Days;
  return visit.age < 18 ? ROUTINE_VISIT.child : ROUTINE_VISIT.adult;
}

/** The Encounter of a visit; `acuteConditionId` is the encounter diagnosis of an acute visit. */
export function encounterResource(ctx: ChartContext, p: PatientState, visit: Visit, acuteConditionId: string | undefined): Resource {
  const period = Object.freeze({ start: ctx.shared.dateTime(visit.start), end: ctx.shared.dateTime(visit.end) });
  const refs = visitRefs(ctx, visit);
  let reasonCode: readonly Readonly<CodeableConcept>[] = [];
  const reasonReference: Readonly<Reference>[] = [];
  if (visit.kind === 'well') reasonCode = ctx.shared.concepts(routineReason(visit));
  else if (visit.kind === 'birth') reasonCode = ctx.shared.list(problemConcept(ctx, ACUTE.newborn));
  else if (visit.acute) reasonCode = ctx.shared.list(problemConcept(ctx, visit.acute.problem));
  else if (visit.reviewed.length === 1) reasonCode = ctx.shared.list(problemConcept(ctx, CHRONIC_CODES[visit.reviewed[0]!]));
  else reasonCode = visit.reviewed.map((k) => problemConcept(ctx, CHRONIC_CODES[k]));
  if (acuteConditionId) reasonReference.push(ctx.shared.reference('Condition', acuteConditionId));
  if (visit.kind === 'diagnosis' || visit.kind === 'followUp') {
    for (const key of visit.reviewed) {
      const id = p.conditionIds.get(key);
      if (id) reasonReference.push(ctx.shared.reference('Condition', id));
    }
  }
  const hospital = visit.kind === 'inpatient' || visit.kind === 'birth';
  const participant = [
    {
      type: hospital || visit.kind === 'emergency' ? PARTICIPANT_TYPES.attender : PARTICIPANT_TYPES.primaryPerformer,
      period,
      individual: refs.practitioner,
    },
  ];
  // The common shapes (an office visit for a reason, with or without a condition to refer to)
  // are single object literals; a spread in the middle of a literal takes a slower path.
  if (!hospital && reasonCode.length > 0) {
    const type = TYPES.get(typeOf(visit)) ?? [concept(typeOf(visit))];
    const identifier = [{ use: 'official', system: 'http://mock-ehr.example.org/fhir/sid/visit-number', value: visit.id.toUpperCase() }];
    const meta = { lastUpdated: period.end, profile: PROFILE };
    const location = [{ location: refs.location, status: 'completed', period }];
    const id = visit.id;
    const subject = p.subject;
    const serviceProvider = ctx.facility.organizationRef;
    if (reasonReference.length === 0) {
      return { resourceType: 'Encounter', id, meta, identifier, status: 'finished', class: classOf(visit), type, subject, participant, period, reasonCode, location, serviceProvider };
    }
    const reasons = reasonReference.length === 1 ? ctx.shared.list(reasonReference[0]!) : reasonReference;
    return { resourceType: 'Encounter', id, meta, identifier, status: 'finished', class: classOf(visit), type, subject, participant, period, reasonCode, reasonReference: reasons, location, serviceProvider };
  }
  return {
    resourceType: 'Encounter',
    id: visit.id,
    meta: { lastUpdated: period.end, profile: PROFILE },
    identifier: [{ use: 'official', system: 'http://mock-ehr.example.org/fhir/sid/visit-number', value: visit.id.toUpperCase() }],
    status: 'finished',
    class: classOf(visit),
    type: TYPES.get(typeOf(visit)) ?? [concept(typeOf(visit))],
    subject: p.subject,
    participant,
    period,
    ...(reasonCode.length > 0 ? { reasonCode } : {}),
    ...(reasonReference.length > 0 ? { reasonReference: reasonReference.length === 1 ? ctx.shared.list(reasonReference[0]!) : reasonReference } : {}),
    ...(hospital ? { hospitalization: visit.kind === 'birth' ? HOSPITALIZATION.born : HOSPITALIZATION.emergency } : {}),
    location: [{ location: refs.location, status: 'completed', period }],
    serviceProvider: ctx.facility.organizationRef,
  };
}
