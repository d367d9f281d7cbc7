/**
 * What older adults tell their doctor at the latest check-up from 65: their priorities for
 * treatment if seriously ill (US Core Treatment Intervention Preference) and how they want to
 * receive care (US Core Care Experience Preference), in their own words; and, for patients
 * treated for hypertension, the average of the home blood pressure readings they bring
 * (US Core Average Blood Pressure).
 */
import { UNITS } from './codes/loinc.js';
import { AVERAGE_BP, DATA_ABSENT_REASON, PREFERENCE, PREFERENCE_VALUE } from './codes/us-core.js';
import type { Code } from './codes/types.js';
import { OBSERVATION_CATEGORY } from './codes/hl7.js';
import { DAY, MINUTE } from './dates.js';
import { concept, profileList, round } from './fhir.js';
import type { ChartContext } from './model.js';
import { hasCondition, type PatientState } from './patient-state.js';
import { visitRefs } from './timeline.js';

const PROFILES = {
  treatment: profileList('us-core-treatment-intervention-preference'),
  experience: profileList('us-core-care-experience-preference'),
  averageBloodPressure: profileList('us-core-average-blood-pressure'),
};

/** The patient's words, and the code a clinician gives them where one fits (valueCodeableConcept with the words as text). */
const TREATMENT: readonly (readonly [string, Code?])[] = [
  ['I want all treatments that could help me live longer, including CPR and a breathing machine.'],
  ['If I am seriously ill, I want to avoid a breathing machine and CPR; I want care focused on comfort.', PREFERENCE_VALUE.notForResuscitation],
  ['I want to try treatments for a while, but not to be kept on machines if I will not recover.'],
];
const EXPERIENCE: readonly (readonly [string, Code?])[] = [
  ['I want my daughter with me when we talk about my care options.'],
  ['Please explain things slowly and write down the plan for me.'],
  ['I prefer appointments in the morning and reminders by phone call.'],
  ['I am Catholic; if I am in the hospital, please ask a priest to visit me.', PREFERENCE_VALUE.romanCatholic],
];

/** Records the preferences stated at the latest check-up from 65, and home blood pressure averages. */
export function recordPreferences(ctx: ChartContext, p: PatientState): void {
  const visit = p.visits.filter((v) => v.kind === 'well' && v.age >= 65).at(-1);
  if (visit) {
    const refs = visitRefs(ctx, visit);
    const effective = ctx.shared.dateTime(visit.start + 20 * MINUTE);
    const stated = (profile: readonly string[], category: Code, code: Code, [text, coded]: readonly [string, Code?]): void => {
      p.chart.Observation.push({
        resourceType: 'Observation',
        id: ctx.ids.next('Observation'),
        meta: { lastUpdated: effective, profile },
        status: 'final',
        category: ctx.shared.concepts(category),
        code: ctx.shared.concept(code),
        subject: p.subject,
        encounter: refs.encounter,
        effectiveDateTime: effective,
        performer: refs.performers,
        ...(coded ? { valueCodeableConcept: concept(coded, text) } : { valueString: text }),
      });
    };
    stated(PROFILES.treatment, PREFERENCE.treatmentInterventionCategory, PREFERENCE.treatmentIntervention, ctx.rng.pick(TREATMENT));
    stated(PROFILES.experience, PREFERENCE.careExperienceCategory, PREFERENCE.careExperience, ctx.rng.pick(EXPERIENCE));
  }
  // Home readings brought to the latest follow-up of treated hypertension: a week, morning and evening.
  const followUp = p.visits.filter((v) => v.kind === 'followUp' && hasCondition(p, 'hypertension', v.start - 60 * DAY)).at(-1);
  if (!followUp) return;
  const office = p.chart.Observation.find((o) => o.encounter === visitRefs(ctx, followUp).encounter && (o.code as { coding: { code: string }[] }).coding[0]?.code === '85354-9');
  const components = office?.component as { valueQuantity?: { value: number } }[] | undefined;
  const systolic = components?.[0]?.valueQuantity?.value;
  const diastolic = components?.[1]?.valueQuantity?.value;
  if (systolic === undefined || diastolic === undefined) return;
  const end = followUp.start - DAY;
  // Some patients' home logs list only the systolic pressures: the diastolic mean is then
  // missing, with the reason (data-absent-reason).
  const diastolicLost = ctx.rng.chance(0.2);
  const stamp = ctx.shared.dateTime(followUp.start + 15 * MINUTE);
  p.chart.Observation.push({
    resourceType: 'Observation',
    id: ctx.ids.next('Observation'),
    meta: { lastUpdated: stamp, profile: PROFILES.averageBloodPressure },
    status: 'final',
    category: ctx.shared.concepts(OBSERVATION_CATEGORY.vitalSigns),
    code: ctx.shared.concept(AVERAGE_BP.panel),
    subject: p.subject,
    encounter: visitRefs(ctx, followUp).encounter,
    effectivePeriod: { start: ctx.shared.dateTime(end - 7 * DAY), end: ctx.shared.dateTime(end) },
    performer: ctx.shared.list(p.subject),
    note: [{ text: diastolicLost ? 'Average of 14 home readings, morning and evening, over 7 days; the log lists no diastolic values.' : 'Average of 14 home readings, morning and evening, over 7 days.' }],
    component: [
      { code: ctx.shared.concept(AVERAGE_BP.systolic), valueQuantity: ctx.shared.quantity(round(systolic - ctx.rng.float(2, 8)), UNITS.mmHg.ucum, UNITS.mmHg.unit) },
      diastolicLost
        ? { code: ctx.shared.concept(AVERAGE_BP.diastolic), dataAbsentReason: ctx.shared.concept(DATA_ABSENT_REASON.unknown) }
        : { code: ctx.shared.concept(AVERAGE_BP.diastolic), valueQuantity: ctx.shared.quantity(round(diastolic - ctx.rng.float(1, 5)), UNITS.mmHg.ucum, UNITS.mmHg.unit) },
    ],
  });
}
