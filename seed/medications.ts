/**
 * Medication requests (US Core MedicationRequest): the chronic medications each condition
 * calls for, renewed at the latest visit that reviewed it, and the short courses of acute
 * problems. Every drug is an RxNorm clinical drug with a structured dosage.
 */
import type { Resource } from '../src/fhir/resource.js';
import { formularyReference } from './formulary.js';
import { MEDICATION_REQUEST_CATEGORY } from './codes/hl7.js';
import { ADHERENCE } from './codes/us-core.js';
import { ROUTES } from './codes/snomed.js';
import { SYSTEMS } from './codes/types.js';
import { DAY } from './dates.js';
import { profileList, profileMeta } from './fhir.js';
import type { ChartContext, ChronicKey } from './model.js';
import type { PatientState } from './patient-state.js';
import { CHRONIC_RX, type Prescription } from './prescriptions.js';
import type { Rng } from './random.js';
import { visitRefs, type Visit } from './timeline.js';

const PROFILE_MEDICATIONREQUEST = profileList('us-core-medicationrequest');

const ORAL_ROUTE = ROUTES.oral;
const INHALATION_ROUTE = ROUTES.respiratory;

/** The chronic medications of a condition for this patient. */
const CHRONIC_MEDICATIONS: Partial<Record<ChronicKey, (rng: Rng, age: number, black: boolean) => Prescription[]>> = {
  diabetes: () => [CHRONIC_RX.metformin],
  hypertension: (rng, age, black) => {
    const first = age >= 60 || black ? CHRONIC_RX.amlodipine : CHRONIC_RX.lisinopril;
    return rng.chance(0.35) ? [first, CHRONIC_RX.hydrochlorothiazide] : [first];
  },
  hyperlipidemia: () => [CHRONIC_RX.simvastatin],
  asthma: (rng) => (rng.chance(0.5) ? [CHRONIC_RX.albuterol, CHRONIC_RX.fluticasone] : [CHRONIC_RX.albuterol]),
  copd: () => [CHRONIC_RX.albuterol],
  hypothyroidism: () => [CHRONIC_RX.levothyroxine],
  atrialFibrillation: () => [CHRONIC_RX.warfarin],
  depression: (rng) => (rng.chance(0.6) ? [CHRONIC_RX.sertraline] : []),
  kneeOsteoarthritis: (rng) => (rng.chance(0.7) ? [CHRONIC_RX.acetaminophen] : []),
};

/** The chronic prescriptions of a patient: one list per condition, no drug twice. */
export function chooseChronicMedications(
  rng: Rng,
  conditions: readonly { key: ChronicKey }[],
  age: number,
  black: boolean,
): { key: ChronicKey; rx: Prescription }[] {
  const out: { key: ChronicKey; rx: Prescription }[] = [];
  for (const c of conditions) {
    for (const rx of CHRONIC_MEDICATIONS[c.key]?.(rng, age, black) ?? []) {
      if (!out.some((o) => o.rx.drug === rx.drug)) out.push({ key: c.key, rx });
    }
  }
  return out;
}

/** The dosage instructions of a prescription, shared by every prescription of the same dose and timing. */
function dosage(ctx: ChartContext, rx: Prescription): readonly Record<string, unknown>[] {
  const key = [rx.text, rx.perDay, rx.days, rx.asNeeded, rx.dose.value, rx.dose.unit, rx.dose.ucum].join('\n');
  return ctx.shared.memo('dosage', key, () => [dosageInstruction(ctx, rx)]);
}

function dosageInstruction(ctx: ChartContext, rx: Prescription): Record<string, unknown> {
  const inhaled = rx.dose.ucum === '{puff}';
  const timing = rx.asNeeded
    ? { repeat: { frequency: 1, period: Math.round(24 / rx.perDay), periodUnit: 'h' } }
    : { repeat: { frequency: rx.perDay, period: 1, periodUnit: 'd', ...(rx.days ? { boundsDuration: { value: rx.days, unit: 'days', system: SYSTEMS.ucum, code: 'd' } } : {}) } };
  return {
    sequence: 1,
    text: rx.text,
    timing,
    asNeededBoolean: rx.asNeeded === true,
    route: ctx.shared.concept(inhaled ? INHALATION_ROUTE : ORAL_ROUTE),
    doseAndRate: [{ doseQuantity: { value: rx.dose.value, unit: rx.dose.unit, system: SYSTEMS.ucum, code: rx.dose.ucum } }],
  };
}

/** The drug of a prescription: a formulary Medication for products, the RxNorm code otherwise. */
function medication(ctx: ChartContext, rx: Prescription): Record<string, unknown> {
  const product = formularyReference(rx.drug);
  return product ? { medicationReference: product } : { medicationCodeableConcept: ctx.shared.concept(rx.drug) };
}

/** A MedicationRequest for a prescription written at a visit. */
export function medicationRequest(
  ctx: ChartContext,
  p: PatientState,
  visit: Visit,
  rx: Prescription,
  status: 'active' | 'completed',
  reasonConditionId: string | undefined,
): Resource {
  const supplyDays = rx.days ?? 90;
  return {
    resourceType: 'MedicationRequest',
    id: ctx.ids.next('MedicationRequest'),
    meta: profileMeta(PROFILE_MEDICATIONREQUEST, ctx.shared.dateTime(visit.end)),
    status,
    intent: 'order',
    reportedBoolean: false,
    category: ctx.shared.concepts(visit.kind === 'inpatient' && !rx.days ? MEDICATION_REQUEST_CATEGORY.inpatient : MEDICATION_REQUEST_CATEGORY.community),
    ...medication(ctx, rx),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    authoredOn: ctx.shared.dateTime(visit.end),
    requester: visit.practitioner.ref,
    ...(reasonConditionId ? { reasonReference: ctx.shared.list(ctx.shared.reference('Condition', reasonConditionId)) } : {}),
    dosageInstruction: dosage(ctx, rx),
    dispenseRequest: ctx.shared.memo('dispense', [rx.repeats, rx.quantity.value, rx.quantity.unit, rx.quantity.ucum, supplyDays].join('\n'), () => ({
      numberOfRepeatsAllowed: rx.repeats,
      quantity: { value: rx.quantity.value, unit: rx.quantity.unit, system: SYSTEMS.ucum, code: rx.quantity.ucum },
      expectedSupplyDuration: { value: supplyDays, unit: 'days', system: SYSTEMS.ucum, code: 'd' },
    })),
  };
}

const ADHERENCE_EXTENSION = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-medication-adherence';

/**
 * What the patient said at the renewal about taking the medication (US Core Medication
 * Adherence extension, 7.0): mostly as prescribed, sometimes doses missed.
 */
function adherence(ctx: ChartContext, visit: Visit): Record<string, unknown> {
  return {
    url: ADHERENCE_EXTENSION,
    extension: [
      { url: 'medicationAdherence', valueCodeableConcept: ctx.shared.concept(ctx.rng.chance(0.8) ? ADHERENCE.complies : ADHERENCE.partial) },
      { url: 'dateAsserted', valueDateTime: ctx.shared.dateTime(visit.start) },
      { url: 'informationSource', valueCodeableConcept: ctx.shared.concept(ADHERENCE.patient) },
    ],
  };
}

/**
 * The chronic medication orders: the first order at the diagnosis visit (completed once
 * renewed) and the active order at the latest visit after onset; a renewal records what the
 * patient reported about taking the medication since the first order.
 */
export function recordChronicMedications(ctx: ChartContext, p: PatientState, plan: readonly { key: ChronicKey; rx: Prescription }[]): void {
  for (const { key, rx } of plan) {
    const onset = p.conditions.find((c) => c.key === key)?.onset;
    if (onset === undefined) continue;
    const routine = p.visits.filter((v) => v.start >= onset - DAY && (v.kind === 'well' || v.kind === 'followUp' || v.kind === 'diagnosis'));
    const latest = routine[routine.length - 1];
    if (!latest) continue;
    const diagnosis = routine.find((v) => v.diagnosed.includes(key));
    const conditionId = p.conditionIds.get(key);
    const renewal = diagnosis !== undefined && diagnosis !== latest;
    if (renewal) p.chart.MedicationRequest.push(medicationRequest(ctx, p, diagnosis, rx, 'completed', conditionId));
    const active = medicationRequest(ctx, p, latest, rx, 'active', conditionId);
    if (renewal) {
      // The extension goes first, as in FHIR element order (after meta).
      const { resourceType, id, meta: m, ...rest } = active;
      p.chart.MedicationRequest.push({ resourceType, id, meta: m, extension: [adherence(ctx, latest)], ...rest });
    } else {
      p.chart.MedicationRequest.push(active);
    }
  }
}
