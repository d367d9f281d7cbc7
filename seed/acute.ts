/**
 * The acute problem catalogue: what brings a patient in between routine visits, where it is
 * seen (clinic, emergency department, hospital), what it does to the vital signs, and which
 * labs, procedures and prescriptions go with it.
 */
import { ACUTE, type ProblemCode } from './codes/problems.js';
import { PROCEDURES } from './codes/snomed.js';
import type { Code } from './codes/types.js';
import type { ChronicKey, Sex } from './model.js';
import { ACUTE_RX, amoxicillinSuspension, type Prescription } from './prescriptions.js';

/** Where an acute problem is seen. */
export type Setting = 'sick' | 'emergency' | 'inpatient';

/** The laboratory panels (and single tests) the generator orders. */
export type PanelKey = 'cbc' | 'bmp' | 'lipid' | 'hba1c' | 'tsh' | 'inr' | 'microalbumin';

/** Who the prescriber is treating, for choosing and dosing a drug. */
export interface PrescribingContext {
  age: number;
  weightKg: number;
  penicillinAllergy: boolean;
}

/** One acute problem of the catalogue. */
export interface AcuteDefinition {
  key: keyof typeof ACUTE;
  problem: ProblemCode;
  setting: Setting;
  eligible(age: number, sex: Sex, has: (key: ChronicKey) => boolean): boolean;
  /** Relative frequency among the eligible problems of a setting. */
  weight: number;
  /** Temperature range (°C) when febrile. */
  fever?: [number, number];
  /** Drop of oxygen saturation and rise of respiratory and heart rate. */
  spo2Drop?: number;
  respiratoryRise?: number;
  heartRateRise?: number;
  /** Raises the white cell count (infection, inflammation). */
  leukocytosis?: boolean;
  labs: readonly PanelKey[];
  procedures: readonly Code[];
  /** Length of a hospital stay, days. */
  stayDays?: [number, number];
  prescribe?(p: PrescribingContext): Prescription | undefined;
}

const adultOr = (p: PrescribingContext, adult: Prescription, child?: Prescription): Prescription | undefined =>
  p.age >= 12 ? adult : child;

/** Every acute problem, with where it is seen and what it brings. */
export const ACUTE_CATALOGUE: readonly AcuteDefinition[] = [
  {
    key: 'viralPharyngitis',
    problem: ACUTE.viralPharyngitis,
    setting: 'sick',
    eligible: (age) => age >= 2,
    weight: 3,
    fever: [37.8, 38.6],
    labs: [],
    procedures: [],
  },
  {
    key: 'strepThroat',
    problem: ACUTE.strepThroat,
    setting: 'sick',
    eligible: (age) => age >= 3 && age < 60,
    weight: 1.5,
    fever: [38.2, 39.4],
    heartRateRise: 10,
    labs: [],
    procedures: [],
    prescribe: (p) =>
      p.penicillinAllergy
        ? adultOr(p, ACUTE_RX.azithromycin)
        : adultOr(p, ACUTE_RX.penicillinV, amoxicillinSuspension(p.weightKg, 50, 1, 10, 1000)),
  },
  {
    key: 'otitisMedia',
    problem: ACUTE.otitisMedia,
    setting: 'sick',
    eligible: (age) => age >= 0.5 && age < 8,
    weight: 4,
    fever: [38.0, 39.2],
    heartRateRise: 10,
    labs: [],
    procedures: [],
    prescribe: (p) => (p.penicillinAllergy ? undefined : amoxicillinSuspension(p.weightKg, 90, 2, 10, 2000)),
  },
  {
    key: 'bronchitis',
    problem: ACUTE.bronchitis,
    setting: 'sick',
    eligible: (age) => age >= 5,
    weight: 2,
    fever: [37.6, 38.3],
    respiratoryRise: 3,
    labs: [],
    procedures: [],
  },
  { key: 'sinusitis', problem: ACUTE.sinusitis, setting: 'sick', eligible: (age) => age >= 5, weight: 2, labs: [], procedures: [] },
  {
    key: 'uti',
    problem: ACUTE.uti,
    setting: 'sick',
    eligible: (age, sex) => sex === 'female' && age >= 15,
    weight: 2,
    fever: [37.4, 38.2],
    labs: [],
    procedures: [],
    prescribe: () => ACUTE_RX.cephalexin,
  },
  {
    key: 'ankleSprain',
    problem: ACUTE.ankleSprain,
    setting: 'emergency',
    eligible: (age) => age >= 8 && age < 65,
    weight: 3,
    heartRateRise: 6,
    labs: [],
    procedures: [],
    prescribe: (p) => adultOr(p, p.age >= 18 ? ACUTE_RX.ibuprofen : ACUTE_RX.naproxen),
  },
  {
    key: 'concussion',
    problem: ACUTE.concussion,
    setting: 'emergency',
    eligible: (age) => age >= 5 && age < 40,
    weight: 1,
    labs: [],
    procedures: [],
    prescribe: (p) => adultOr(p, ACUTE_RX.acetaminophen),
  },
  {
    key: 'chestPain',
    problem: ACUTE.chestPain,
    setting: 'emergency',
    eligible: (age) => age >= 35,
    weight: 2,
    heartRateRise: 12,
    labs: ['cbc', 'bmp'],
    procedures: [PROCEDURES.electrocardiogram],
  },
  {
    key: 'asthmaExacerbation',
    problem: ACUTE.asthmaExacerbation,
    setting: 'emergency',
    eligible: (_age, _sex, has) => has('asthma'),
    weight: 6,
    spo2Drop: 5,
    respiratoryRise: 8,
    heartRateRise: 18,
    labs: [],
    procedures: [],
  },
  {
    key: 'pneumonia',
    problem: ACUTE.pneumonia,
    setting: 'inpatient',
    eligible: (age) => age < 5 || age >= 55,
    weight: 3,
    fever: [38.4, 39.6],
    spo2Drop: 6,
    respiratoryRise: 8,
    heartRateRise: 15,
    leukocytosis: true,
    labs: ['cbc', 'bmp'],
    procedures: [PROCEDURES.chestXray],
    stayDays: [3, 6],
    prescribe: (p) => adultOr(p, ACUTE_RX.azithromycin),
  },
  {
    key: 'appendicitis',
    problem: ACUTE.appendicitis,
    setting: 'inpatient',
    eligible: (age) => age >= 5 && age < 55,
    weight: 2,
    fever: [37.8, 38.6],
    heartRateRise: 12,
    leukocytosis: true,
    labs: ['cbc', 'bmp'],
    procedures: [PROCEDURES.appendectomy],
    stayDays: [1, 3],
    prescribe: (p) => adultOr(p, ACUTE_RX.acetaminophen),
  },
];

/** Visits a year for each setting, by age. */
export function acuteRate(setting: Setting, age: number, asthma: boolean): number {
  switch (setting) {
    case 'sick':
      return age < 2 ? 1.5 : age < 6 ? 1.1 : age < 18 ? 0.6 : age < 65 ? 0.4 : 0.5;
    case 'emergency':
      return (age < 18 ? 0.08 : age < 65 ? 0.1 : 0.14) + (asthma ? 0.15 : 0);
    case 'inpatient':
      return age < 5 ? 0.03 : age < 55 ? 0.012 : 0.05;
  }
}
