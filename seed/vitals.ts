/**
 * Vital signs at a visit (FHIR R4 vital signs profile, US Core vital sign profiles): blood
 * pressure panel from age 3, heart and respiratory rate, temperature, pulse oximetry,
 * weight, height with BMI from age 2 at routine visits, head circumference under 2.
 * Values follow the patient's growth curves and traits, the chronic conditions and the
 * acute problem of the visit.
 */
import type { Resource } from '../src/fhir/resource.js';
import { UNITS, VITALS, type Unit } from './codes/loinc.js';
import { DATA_ABSENT_REASON, US_CORE_OBSERVATION } from './codes/us-core.js';
import { bmiForAgePercentile, headCircumferencePercentile, weightForLengthPercentile } from './percentiles.js';
import { MINUTE } from './dates.js';
import { deepFreeze, profileList, round, sharedConcept } from './fhir.js';
import { bloodPressureMedian, headCircumferenceAt, heartRateMedian, respiratoryRateMedian } from './growth.js';
import type { ChartContext } from './model.js';
import { observation, type ObservationValue } from './observations.js';
import { hasCondition, type PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';
import { heightCm, weightKg } from './traits.js';

/** Code and profile of each vital sign, shared by every Observation of that kind. */
const KINDS = deepFreeze({
  bloodPressure: { code: sharedConcept(VITALS.bpPanel), profile: profileList('us-core-blood-pressure') },
  heartRate: { code: sharedConcept(VITALS.heartRate), profile: profileList('us-core-heart-rate') },
  respiratoryRate: { code: sharedConcept(VITALS.respiratoryRate), profile: profileList('us-core-respiratory-rate') },
  temperature: { code: sharedConcept(VITALS.temperature), profile: profileList('us-core-body-temperature') },
  pulseOximetry: { code: sharedConcept([VITALS.oxygenSaturation, VITALS.pulseOximetry]), profile: profileList('us-core-pulse-oximetry') },
  weight: { code: sharedConcept(VITALS.weight), profile: profileList('us-core-body-weight') },
  height: { code: sharedConcept(VITALS.height), profile: profileList('us-core-body-height') },
  bmi: { code: sharedConcept(VITALS.bmi), profile: profileList('us-core-bmi') },
  headCircumference: { code: sharedConcept(VITALS.headCircumference), profile: profileList('us-core-head-circumference') },
  bmiForAge: { code: sharedConcept(US_CORE_OBSERVATION.bmiForAge), profile: profileList('pediatric-bmi-for-age') },
  weightForLength: { code: sharedConcept(US_CORE_OBSERVATION.weightForLength), profile: profileList('pediatric-weight-for-height') },
  headPercentile: { code: sharedConcept(US_CORE_OBSERVATION.headPercentile), profile: profileList('head-occipital-frontal-circumference-percentile') },
});

const FLOW_RATE = sharedConcept(US_CORE_OBSERVATION.oxygenFlowRate);
const CONCENTRATION = sharedConcept(US_CORE_OBSERVATION.oxygenConcentration);
/** A blood pressure that could not be taken (a young child who would not keep still). */
const NOT_OBTAINED = sharedConcept(DATA_ABSENT_REASON.error);

const SYSTOLIC = sharedConcept(VITALS.systolic);
const DIASTOLIC = sharedConcept(VITALS.diastolic);
const BP_NOT_OBTAINED = deepFreeze([
  { code: SYSTOLIC, dataAbsentReason: NOT_OBTAINED },
  { code: DIASTOLIC, dataAbsentReason: NOT_OBTAINED },
]);

type Kind = keyof typeof KINDS;

/** The measurements of one visit, for notes and dosing. */
export interface VitalSummary {
  systolic?: number;
  diastolic?: number;
  heartRate: number;
  respiratoryRate: number;
  temperature: number;
  spo2: number;
  weightKg: number;
  heightCm?: number;
  bmi?: number;
}

/** Blood pressure for this visit: hypertensives read high, first untreated then treated. */
function bloodPressure(ctx: ChartContext, p: PatientState, visit: Visit): { systolic: number; diastolic: number } {
  const { rng } = ctx;
  const t = visit.start;
  const pain = visit.kind === 'emergency' ? 6 : 0;
  if (hasCondition(p, 'hypertension', t)) {
    const first = p.hypertensiveReadings === 0;
    p.hypertensiveReadings++;
    if (first) return { systolic: round(rng.clampedNormal(146, 6, 138, 165)), diastolic: round(rng.clampedNormal(92, 4, 86, 102)) };
    return {
      systolic: round(rng.clampedNormal(136 + pain, 6, 124, 156)),
      diastolic: round(rng.clampedNormal(84, 4, 74, 96)),
    };
  }
  const median = bloodPressureMedian(p.demo.sex, visit.age);
  const child = visit.age < 18;
  return {
    systolic: round(
      Math.min(child ? 124 : 134, Math.max(child ? 84 : 96, median.systolic + p.traits.systolicOffset + pain + rng.normal(0, 4))),
    ),
    diastolic: round(Math.min(child ? 78 : 86, Math.max(child ? 44 : 58, median.diastolic + p.traits.diastolicOffset + rng.normal(0, 3)))),
  };
}

/** Takes the vital signs of a visit, appending the Observations to the chart. */
export function recordVitals(ctx: ChartContext, p: PatientState, visit: Visit): VitalSummary {
  const { rng } = ctx;
  const { sex, birth } = p.demo;
  const age = visit.age;
  const acute = visit.acute;
  const at = visit.start + (visit.kind === 'inpatient' || visit.kind === 'birth' ? 40 : 10) * MINUTE;
  const effective = ctx.shared.dateTime(at);
  const issued = ctx.shared.dateTime(at + 5 * MINUTE);
  const refs = visitRefs(ctx, visit);
  const out: Resource[] = [];
  const add = (kind: Kind, value: ObservationValue): void => {
    const { code, profile } = KINDS[kind];
    out.push(observation(ctx, p, refs.encounter, { category: 'vitalSigns', code, profile, effective, issued, performer: refs.performers }, value));
  };
  const value = (v: number, unit: Unit): ObservationValue => ({ valueQuantity: ctx.shared.quantity(v, unit.ucum, unit.unit) });

  const summary: VitalSummary = { heartRate: 0, respiratoryRate: 0, temperature: 0, spo2: 0, weightKg: 0 };

  if (age >= 3 && age < 6 && rng.chance(0.08)) {
    add('bloodPressure', { component: BP_NOT_OBTAINED });
  } else if (age >= 3) {
    const bp = bloodPressure(ctx, p, visit);
    summary.systolic = bp.systolic;
    summary.diastolic = bp.diastolic;
    const systolic = ctx.shared.quantity(bp.systolic, UNITS.mmHg.ucum, UNITS.mmHg.unit);
    const diastolic = ctx.shared.quantity(bp.diastolic, UNITS.mmHg.ucum, UNITS.mmHg.unit);
    add('bloodPressure', {
      component: ctx.shared.memo2('blood-pressure', systolic, diastolic, () => [
        ctx.shared.memo('systolic', systolic, () => ({ code: SYSTOLIC, valueQuantity: systolic })),
        ctx.shared.memo('diastolic', diastolic, () => ({ code: DIASTOLIC, valueQuantity: diastolic })),
      ]),
    });
  }

  const fever = acute?.fever;
  const temperature = fever ? round(rng.float(fever[0], fever[1]), 1) : round(rng.clampedNormal(36.8, 0.2, 36.2, 37.3), 1);
  const feverRise = Math.max(0, temperature - 37.2) * 10;
  const afib = hasCondition(p, 'atrialFibrillation', visit.start) ? rng.float(0, 14) : 0;
  const heartRate = round(heartRateMedian(age) + p.traits.heartRateOffset + rng.normal(0, 4) + (acute?.heartRateRise ?? 0) + feverRise + afib);
  const respiratoryRate = round(respiratoryRateMedian(age) + rng.normal(0, 1.2) + (acute?.respiratoryRise ?? 0) + feverRise / 5);
  const copd = hasCondition(p, 'copd', visit.start);
  const spo2 = round(Math.max(84, (copd ? rng.clampedNormal(93, 1.2, 90, 96) : rng.clampedNormal(98, 0.8, 96, 100)) - (acute?.spo2Drop ?? 0)));
  Object.assign(summary, { heartRate, respiratoryRate, temperature, spo2 });
  add('heartRate', value(heartRate, UNITS.perMinuteBeats));
  add('respiratoryRate', value(respiratoryRate, UNITS.perMinuteBreaths));
  add('temperature', value(temperature, UNITS.celsius));
  // Hypoxic patients in the emergency department or hospital are given oxygen by nasal cannula
  // (about 4% of inspired oxygen per L/min above room air).
  if (spo2 <= 91 && (visit.kind === 'emergency' || visit.kind === 'inpatient')) {
    const flow = spo2 <= 88 ? 4 : 2;
    add('pulseOximetry', {
      ...value(spo2, UNITS.percent),
      component: ctx.shared.memo('oxygen', flow, () => [
        { code: FLOW_RATE, valueQuantity: ctx.shared.quantity(flow, 'L/min') },
        { code: CONCENTRATION, valueQuantity: ctx.shared.quantity(21 + 4 * flow, UNITS.percent.ucum, UNITS.percent.unit) },
      ]),
    });
  } else add('pulseOximetry', value(spo2, UNITS.percent));

  // Weight at every visit; height (and BMI from age 2) at routine and inpatient visits.
  const exactWeight = weightKg(sex, p.traits, birth, ctx.now, visit.start);
  const weight = round(age < 2 ? exactWeight : exactWeight + rng.normal(0, age < 18 ? 0.15 : 0.3), age < 2 ? 2 : 1);
  summary.weightKg = weight;
  add('weight', value(weight, UNITS.kg));
  const measuresHeight = visit.kind !== 'sick' && visit.kind !== 'emergency';
  if (measuresHeight) {
    const height = round(heightCm(sex, p.traits, age), 1);
    summary.heightCm = height;
    add('height', value(height, UNITS.cm));
    if (age >= 2) {
      const bmi = round(weight / (height / 100) ** 2, 1);
      summary.bmi = bmi;
      add('bmi', value(bmi, UNITS.kgPerM2));
      if (age < 20) add('bmiForAge', value(bmiForAgePercentile(sex, age, bmi), UNITS.percent));
    }
    if (age < 2) add('weightForLength', value(weightForLengthPercentile(sex, height, weight), UNITS.percent));
    if (age < 2 && (visit.kind === 'well' || visit.kind === 'birth')) {
      const head = round(headCircumferenceAt(sex, age, p.traits.headZ), 1);
      add('headCircumference', value(head, UNITS.cm));
      add('headPercentile', value(headCircumferencePercentile(sex, age, head), UNITS.percent));
    }
  }
  for (const r of out) p.chart.Observation.push(r);
  return summary;
}
