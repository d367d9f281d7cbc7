/**
 * What a prescription says (drug, dose, frequency, duration, quantity) independent of the
 * FHIR resource that carries it; the condition catalogues build these and
 * `medications.ts` turns them into MedicationRequests.
 */
import type { Code } from './codes/types.js';
import { DRUGS } from './codes/rxnorm.js';

/** One prescription, before it becomes a MedicationRequest. */
export interface Prescription {
  drug: Code;
  /** The sig as a clinician writes it. */
  text: string;
  dose: { value: number; ucum: string; unit: string };
  /** Doses per day. */
  perDay: number;
  asNeeded?: boolean;
  /** Days of treatment (short courses); ongoing when absent. */
  days?: number;
  /** What is dispensed per fill. */
  quantity: { value: number; ucum: string; unit: string };
  repeats: number;
}

interface Form {
  ucum: string;
  unit: string;
}

const TABLET: Form = { ucum: '{tbl}', unit: 'tablet' };
const CAPSULE: Form = { ucum: '{capsule}', unit: 'capsule' };
const PUFF: Form = { ucum: '{puff}', unit: 'puff' };
const INHALER: Form = { ucum: '{inhaler}', unit: 'inhaler' };

/** A daily tablet or capsule taken for good (a chronic medication). */
function daily(drug: Code, count: number, perDay: number, text: string, form: Form = TABLET): Prescription {
  return { drug, text, dose: { value: count, ...form }, perDay, quantity: { value: count * perDay * 90, ...form }, repeats: 3 };
}

/** A short course. */
function course(drug: Code, count: number, perDay: number, days: number, text: string, form: Form = TABLET): Prescription {
  return { drug, text, dose: { value: count, ...form }, perDay, days, quantity: { value: count * perDay * days, ...form }, repeats: 0 };
}

/** Chronic medications. */
export const CHRONIC_RX = {
  metformin: daily(DRUGS.metforminEr500, 2, 1, 'Take 2 tablets (1,000 mg) by mouth once daily with the evening meal.'),
  lisinopril: daily(DRUGS.lisinopril10, 1, 1, 'Take 1 tablet (10 mg) by mouth once daily.'),
  amlodipine: daily(DRUGS.amlodipine5, 1, 1, 'Take 1 tablet (5 mg) by mouth once daily.'),
  hydrochlorothiazide: daily(DRUGS.hydrochlorothiazide25, 1, 1, 'Take 1 tablet (25 mg) by mouth once daily in the morning.'),
  simvastatin: daily(DRUGS.simvastatin20, 1, 1, 'Take 1 tablet (20 mg) by mouth once daily in the evening.'),
  levothyroxine: daily(DRUGS.levothyroxine50mcg, 1, 1, 'Take 1 tablet (50 mcg) by mouth once daily before breakfast.'),
  sertraline: daily(DRUGS.sertraline50, 1, 1, 'Take 1 tablet (50 mg) by mouth once daily.'),
  warfarin: daily(DRUGS.warfarin5, 1, 1, 'Take 1 tablet (5 mg) by mouth once daily in the evening, or as directed by the INR.'),
  albuterol: {
    drug: DRUGS.albuterolInhaler,
    text: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing or shortness of breath.',
    dose: { value: 2, ...PUFF },
    perDay: 4,
    asNeeded: true,
    quantity: { value: 1, ...INHALER },
    repeats: 2,
  },
  fluticasone: {
    drug: DRUGS.fluticasoneInhaler,
    text: 'Inhale 2 puffs twice daily. Rinse mouth after use.',
    dose: { value: 2, ...PUFF },
    perDay: 2,
    quantity: { value: 1, ...INHALER },
    repeats: 5,
  },
  acetaminophen: {
    drug: DRUGS.acetaminophen325,
    text: 'Take 2 tablets (650 mg) by mouth every 6 hours as needed for knee pain. No more than 3,000 mg a day.',
    dose: { value: 2, ...TABLET },
    perDay: 4,
    asNeeded: true,
    quantity: { value: 100, ...TABLET },
    repeats: 2,
  },
} satisfies Record<string, Prescription>;

/** Short courses for acute problems. */
export const ACUTE_RX = {
  penicillinV: course(DRUGS.penicillinV250, 2, 2, 10, 'Take 2 tablets (500 mg) by mouth twice daily for 10 days.'),
  azithromycin: course(DRUGS.azithromycin250, 1, 1, 5, 'Take 2 tablets on day 1, then 1 tablet by mouth once daily on days 2 to 5.'),
  cephalexin: course(DRUGS.cephalexin500, 1, 2, 7, 'Take 1 capsule (500 mg) by mouth twice daily for 7 days.', CAPSULE),
  amoxicillin: course(DRUGS.amoxicillin500, 1, 3, 10, 'Take 1 capsule (500 mg) by mouth 3 times daily for 10 days.', CAPSULE),
  ibuprofen: {
    ...course(DRUGS.ibuprofen200, 2, 3, 7, 'Take 2 tablets (400 mg) by mouth every 8 hours as needed for pain, with food.'),
    asNeeded: true,
  },
  acetaminophen: {
    ...course(DRUGS.acetaminophen325, 2, 4, 5, 'Take 2 tablets (650 mg) by mouth every 6 hours as needed for headache.'),
    asNeeded: true,
  },
  naproxen: {
    ...course(DRUGS.naproxen220, 1, 2, 7, 'Take 1 tablet (220 mg) by mouth every 12 hours as needed for pain, with food.'),
    asNeeded: true,
  },
} satisfies Record<string, Prescription>;

/**
 * Amoxicillin oral suspension (80 mg/mL) for a child, dosed by weight: `mgPerKgDay` split in
 * `perDay` doses, at most `maxDoseMg` a dose, rounded to half a millilitre.
 */
export function amoxicillinSuspension(weightKg: number, mgPerKgDay: number, perDay: number, days: number, maxDoseMg: number): Prescription {
  const doseMg = Math.min(maxDoseMg, (weightKg * mgPerKgDay) / perDay);
  const ml = Math.max(0.5, Math.round((doseMg / 80) * 2) / 2);
  const total = Math.ceil(ml * perDay * days / 50) * 50;
  const times = perDay === 1 ? 'once daily' : perDay === 2 ? 'twice daily' : `${perDay} times daily`;
  return {
    drug: DRUGS.amoxicillinSuspension,
    text: `Give ${ml} mL (${Math.round(ml * 80)} mg) by mouth ${times} for ${days} days.`,
    dose: { value: ml, ucum: 'mL', unit: 'mL' },
    perDay,
    days,
    quantity: { value: total, ucum: 'mL', unit: 'mL' },
    repeats: 0,
  };
}
