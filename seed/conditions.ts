/**
 * The chronic condition catalogue: who gets what (by age, sex, body mass index, smoking and
 * the other conditions), when it started, and how often it brings the patient back. Labs,
 * medications, care plans and vital signs read the conditions chosen here.
 */
import { CHRONIC } from './codes/problems.js';
import { YEAR, DAY } from './dates.js';
import type { ChronicCondition, ChronicKey, Sex, SmokingKey, Traits } from './model.js';
import type { Rng } from './random.js';

interface Risk {
  age: number;
  sex: Sex;
  bmi: number;
  smoking: SmokingKey;
  has(key: ChronicKey): boolean;
}

/** One chronic condition of the catalogue. */
export interface ChronicDefinition {
  key: ChronicKey;
  /** Probability of having the condition by the reference date. */
  chance(r: Risk): number;
  /** Earliest age of onset, years. */
  minOnsetAge: number;
  /** Onset lies at most this many years back. */
  maxYearsBack: number;
  /** Months between follow-up visits for it; 0 when it brings no visits of its own. */
  followUpMonths: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** In dependency order: a condition may depend on those before it. */
export const CHRONIC_CATALOGUE: readonly ChronicDefinition[] = [
  { key: 'obesity', chance: (r) => (r.age >= 18 && r.bmi >= 30 ? 1 : 0), minOnsetAge: 18, maxYearsBack: 12, followUpMonths: 0 },
  {
    key: 'hypertension',
    chance: (r) => (r.age < 25 ? 0 : clamp(0.02 + (r.age - 25) * 0.011, 0, 0.65) * (r.bmi >= 30 ? 1.4 : 1)),
    minOnsetAge: 25,
    maxYearsBack: 20,
    followUpMonths: 6,
  },
  {
    key: 'diabetes',
    chance: (r) => (r.age < 30 ? 0 : clamp(0.01 + (r.age - 30) * 0.005, 0, 0.25) * (r.bmi >= 30 ? 2.2 : r.bmi >= 25 ? 1.3 : 0.6)),
    minOnsetAge: 30,
    maxYearsBack: 15,
    followUpMonths: 6,
  },
  {
    key: 'prediabetes',
    chance: (r) => (r.age < 30 || r.has('diabetes') ? 0 : r.bmi >= 25 ? 0.2 : 0.08),
    minOnsetAge: 30,
    maxYearsBack: 6,
    followUpMonths: 0,
  },
  {
    key: 'hyperlipidemia',
    chance: (r) => (r.age < 30 ? 0 : clamp(0.05 + (r.age - 30) * 0.008, 0, 0.45) * (r.has('diabetes') ? 1.6 : 1)),
    minOnsetAge: 30,
    maxYearsBack: 15,
    followUpMonths: 12,
  },
  {
    key: 'ckd3',
    chance: (r) => (r.age < 55 ? 0 : 0.03 + (r.has('diabetes') ? 0.12 : 0) + (r.has('hypertension') ? 0.06 : 0)),
    minOnsetAge: 55,
    maxYearsBack: 8,
    followUpMonths: 6,
  },
  { key: 'asthma', chance: (r) => (r.age < 3 ? 0 : 0.08), minOnsetAge: 3, maxYearsBack: 25, followUpMonths: 12 },
  {
    key: 'copd',
    chance: (r) => (r.age < 45 ? 0 : r.smoking === 'daily' || r.smoking === 'former' ? 0.22 : 0.01),
    minOnsetAge: 45,
    maxYearsBack: 12,
    followUpMonths: 6,
  },
  {
    key: 'atrialFibrillation',
    chance: (r) => (r.age < 60 ? 0 : 0.02 + (r.age - 60) * 0.004),
    minOnsetAge: 60,
    maxYearsBack: 10,
    followUpMonths: 4,
  },
  {
    key: 'hypothyroidism',
    chance: (r) => (r.age < 20 ? 0 : r.sex === 'female' ? (r.age > 50 ? 0.1 : 0.05) : 0.015),
    minOnsetAge: 20,
    maxYearsBack: 20,
    followUpMonths: 12,
  },
  { key: 'depression', chance: (r) => (r.age < 13 ? 0 : 0.08), minOnsetAge: 13, maxYearsBack: 15, followUpMonths: 12 },
  { key: 'allergicRhinitis', chance: (r) => (r.age < 3 ? 0 : 0.12), minOnsetAge: 3, maxYearsBack: 30, followUpMonths: 0 },
  {
    key: 'kneeOsteoarthritis',
    chance: (r) => (r.age < 50 ? 0 : 0.05 + (r.age - 50) * 0.006),
    minOnsetAge: 50,
    maxYearsBack: 15,
    followUpMonths: 0,
  },
];

/** The codes of each chronic condition. */
export const CHRONIC_CODES = CHRONIC;

/**
 * Conditions given to fixed patient positions so that every data set, even a small one,
 * shows the main clinical stories: patient 1 has diabetes, hypertension and hyperlipidemia;
 * patient 4 (a school-age child) has asthma.
 */
const SHOWCASE: Readonly<Record<number, readonly ChronicKey[]>> = {
  0: ['diabetes', 'hypertension', 'hyperlipidemia'],
  3: ['asthma'],
};

/** Chooses the chronic conditions of a patient and when each began. */
export function chooseConditions(
  rng: Rng,
  index: number,
  sex: Sex,
  birth: number,
  now: number,
  traits: Traits,
): ChronicCondition[] {
  const age = (now - birth) / YEAR;
  const chosen = new Map<ChronicKey, ChronicCondition>();
  const forced = SHOWCASE[index] ?? [];
  const risk: Risk = { age, sex, bmi: traits.adultBmi, smoking: traits.smoking, has: (k) => chosen.has(k) };
  for (const def of CHRONIC_CATALOGUE) {
    const draw = rng.next();
    const wanted = forced.includes(def.key) ? age >= def.minOnsetAge : draw < def.chance(risk);
    if (!wanted) continue;
    const earliest = Math.max(def.minOnsetAge, age - def.maxYearsBack);
    const onsetAge = rng.float(earliest, Math.max(earliest, age - 30 / 365));
    chosen.set(def.key, { key: def.key, onset: Math.floor((birth + onsetAge * YEAR) / DAY) * DAY });
  }
  return [...chosen.values()].sort((a, b) => a.onset - b.onset);
}

/** True when the patient has the condition at time `t`. */
export function hasAt(conditions: readonly ChronicCondition[], key: ChronicKey, t: number): boolean {
  return conditions.some((c) => c.key === key && c.onset <= t);
}

/** The catalogue entry of a condition. */
export function definition(key: ChronicKey): ChronicDefinition {
  const def = CHRONIC_CATALOGUE.find((d) => d.key === key);
  if (!def) throw new Error(`unknown chronic condition ${key}`);
  return def;
}
