/**
 * Laboratory results (US Core Laboratory Result Observation, grouped under US Core
 * DiagnosticReport for laboratory results): which panels a visit orders, the value of each
 * test for the patient's age, sex and conditions, UCUM units, reference ranges and the
 * interpretation flag that the value and range give.
 */
import type { PanelKey } from './acute.js';
import { DIAGNOSTIC_SERVICE, INTERPRETATION } from './codes/hl7.js';
import { LABS, PANELS, UNITS, type Unit } from './codes/loinc.js';
import type { Code } from './codes/types.js';
import { DAY, HOUR, MINUTE } from './dates.js';
import { concept, deepFreeze, plainConcept, profileList, profileMeta, round, sharedConcept, type CodeableConcept } from './fhir.js';
import type { ChartContext, ChronicKey, Sex } from './model.js';
import { observation } from './observations.js';
import { hasCondition, onsetOf, type PatientState } from './patient-state.js';
import type { Rng } from './random.js';
import { visitRefs, type Visit } from './timeline.js';

/** What a test's value and range depend on. */
interface Subject {
  rng: Rng;
  sex: Sex;
  age: number;
  black: boolean;
  /** Has the condition at the time of the draw. */
  has(key: ChronicKey): boolean;
  /** Has had the condition (and its treatment) for at least two months. */
  treated(key: ChronicKey): boolean;
  leukocytosis: boolean;
}

/** A reference range; either end may be open. */
export interface Range {
  low?: number;
  high?: number;
}

interface Test {
  code: Code;
  unit: Unit;
  decimals: number;
  range(s: Subject): Range;
}

const TESTS = {
  wbc: { code: LABS.wbc, unit: UNITS.thousandPerUl, decimals: 1, range: (s) => (s.age < 12 ? { low: 5.0, high: 14.5 } : { low: 4.5, high: 11.0 }) },
  rbc: { code: LABS.rbc, unit: UNITS.millionPerUl, decimals: 2, range: (s) => (s.age < 12 ? { low: 4.0, high: 5.2 } : s.sex === 'male' ? { low: 4.5, high: 5.9 } : { low: 4.1, high: 5.1 }) },
  hemoglobin: { code: LABS.hemoglobin, unit: UNITS.gPerDl, decimals: 1, range: (s) => (s.age < 12 ? { low: 11.0, high: 14.5 } : s.sex === 'male' ? { low: 13.5, high: 17.5 } : { low: 12.0, high: 15.5 }) },
  hematocrit: { code: LABS.hematocrit, unit: UNITS.percent, decimals: 1, range: (s) => (s.age < 12 ? { low: 33, high: 43 } : s.sex === 'male' ? { low: 41, high: 53 } : { low: 36, high: 46 }) },
  mcv: { code: LABS.mcv, unit: UNITS.fL, decimals: 1, range: () => ({ low: 80, high: 100 }) },
  mch: { code: LABS.mch, unit: UNITS.pg, decimals: 1, range: () => ({ low: 27, high: 33 }) },
  mchc: { code: LABS.mchc, unit: UNITS.gPerDl, decimals: 1, range: () => ({ low: 32, high: 36 }) },
  platelets: { code: LABS.platelets, unit: UNITS.thousandPerUl, decimals: 0, range: () => ({ low: 150, high: 400 }) },
  glucose: { code: LABS.glucose, unit: UNITS.mgPerDl, decimals: 0, range: () => ({ low: 70, high: 99 }) },
  bun: { code: LABS.bun, unit: UNITS.mgPerDl, decimals: 0, range: (s) => (s.age < 18 ? { low: 5, high: 18 } : { low: 7, high: 20 }) },
  creatinine: { code: LABS.creatinine, unit: UNITS.mgPerDl, decimals: 2, range: (s) => (s.age < 12 ? { low: 0.2, high: 0.7 } : s.sex === 'male' ? { low: 0.74, high: 1.35 } : { low: 0.59, high: 1.04 }) },
  calcium: { code: LABS.calcium, unit: UNITS.mgPerDl, decimals: 1, range: () => ({ low: 8.6, high: 10.3 }) },
  sodium: { code: LABS.sodium, unit: UNITS.mmolPerL, decimals: 0, range: () => ({ low: 135, high: 145 }) },
  potassium: { code: LABS.potassium, unit: UNITS.mmolPerL, decimals: 1, range: () => ({ low: 3.5, high: 5.1 }) },
  chloride: { code: LABS.chloride, unit: UNITS.mmolPerL, decimals: 0, range: () => ({ low: 98, high: 107 }) },
  co2: { code: LABS.co2, unit: UNITS.mmolPerL, decimals: 0, range: () => ({ low: 22, high: 29 }) },
  egfr: { code: LABS.egfr, unit: UNITS.egfr, decimals: 0, range: () => ({ low: 60 }) },
  cholesterol: { code: LABS.cholesterol, unit: UNITS.mgPerDl, decimals: 0, range: (s) => ({ high: s.age < 18 ? 170 : 200 }) },
  triglycerides: { code: LABS.triglycerides, unit: UNITS.mgPerDl, decimals: 0, range: (s) => ({ high: s.age < 18 ? 90 : 150 }) },
  ldl: { code: LABS.ldl, unit: UNITS.mgPerDl, decimals: 0, range: (s) => ({ high: s.age < 18 ? 110 : 100 }) },
  hdl: { code: LABS.hdl, unit: UNITS.mgPerDl, decimals: 0, range: (s) => ({ low: s.age < 18 ? 45 : 40 }) },
  hba1c: { code: LABS.hba1c, unit: UNITS.percent, decimals: 1, range: () => ({ low: 4.0, high: 5.6 }) },
  tsh: { code: LABS.tsh, unit: UNITS.mIuPerL, decimals: 2, range: () => ({ low: 0.4, high: 4.0 }) },
  inr: { code: LABS.inr, unit: UNITS.inr, decimals: 1, range: () => ({ low: 0.8, high: 1.1 }) },
  microalbumin: { code: LABS.microalbumin, unit: UNITS.mgPerG, decimals: 0, range: () => ({ high: 30 }) },
} satisfies Record<string, Test>;

type TestKey = keyof typeof TESTS;

/** eGFR by the 4-variable MDRD study equation, mL/min/1.73 m2. */
function mdrd(creatinine: number, s: Subject): number {
  return 175 * creatinine ** -1.154 * s.age ** -0.203 * (s.sex === 'female' ? 0.742 : 1) * (s.black ? 1.212 : 1);
}

/** Creatinine that gives an eGFR (the MDRD equation solved for creatinine). */
function creatinineFor(egfr: number, s: Subject): number {
  return (egfr / (175 * s.age ** -0.203 * (s.sex === 'female' ? 0.742 : 1) * (s.black ? 1.212 : 1))) ** (-1 / 1.154);
}

/** Panel draws: each returns its tests and values. */
const PANEL_DRAWS: Record<PanelKey, (s: Subject) => [TestKey, number][]> = {
  cbc: (s) => {
    const { rng } = s;
    const hbMean = s.age < 12 ? 12.5 : s.sex === 'male' ? 15 : 13.5;
    const hb = rng.normal(hbMean - (s.has('ckd3') ? 1.4 : 0), 0.8);
    const mcv = rng.normal(89, 3.5);
    const mchc = rng.normal(33.6, 0.7);
    const hct = (hb / mchc) * 100;
    const rbc = (hct / mcv) * 10;
    const wbc = s.leukocytosis ? rng.float(12.5, 18.5) : rng.clampedNormal(s.age < 12 ? 8.5 : 7, 1.6, 3.8, 12);
    return [
      ['wbc', wbc],
      ['rbc', rbc],
      ['hemoglobin', hb],
      ['hematocrit', hct],
      ['mcv', mcv],
      ['mch', (hb / rbc) * 10],
      ['mchc', mchc],
      ['platelets', rng.clampedNormal(255, 55, 120, 450)],
    ];
  },
  bmp: (s) => {
    const { rng } = s;
    const glucose = s.has('diabetes') ? rng.clampedNormal(155, 25, 118, 240) : s.has('prediabetes') ? rng.clampedNormal(106, 5, 100, 125) : rng.clampedNormal(88, 7, 68, 104);
    let creatinine: number;
    if (s.age < 12) creatinine = rng.clampedNormal(0.25 + 0.03 * s.age, 0.05, 0.2, 0.7);
    else if (s.has('ckd3') && s.age >= 18) creatinine = creatinineFor(rng.float(33, 56), s);
    else creatinine = rng.clampedNormal(s.sex === 'male' ? 0.95 : 0.75, 0.11, 0.5, 1.3);
    const out: [TestKey, number][] = [
      ['glucose', glucose],
      ['bun', s.has('ckd3') ? rng.clampedNormal(30, 5, 21, 45) : rng.clampedNormal(14, 3.5, 6, 23)],
      ['creatinine', creatinine],
      ['calcium', rng.clampedNormal(9.5, 0.3, 8.4, 10.5)],
      ['sodium', rng.clampedNormal(140, 2, 133, 147)],
      ['potassium', rng.clampedNormal(4.2, 0.3, 3.4, s.has('ckd3') ? 5.5 : 5.2)],
      ['chloride', rng.clampedNormal(103, 2.5, 96, 109)],
      ['co2', rng.clampedNormal(25, 2, 20, 30)],
    ];
    if (s.age >= 18) out.push(['egfr', Math.min(120, mdrd(round(creatinine, 2), s))]);
    return out;
  },
  lipid: (s) => {
    const { rng } = s;
    const child = s.age < 18;
    let ldl = child ? rng.clampedNormal(92, 16, 55, 135) : rng.clampedNormal(108, 20, 60, 159);
    if (s.has('hyperlipidemia')) ldl = s.treated('hyperlipidemia') ? rng.clampedNormal(108, 14, 75, 145) : rng.clampedNormal(172, 18, 160, 220);
    const diabetic = s.has('diabetes');
    const hdl = rng.clampedNormal((s.sex === 'female' ? 60 : 50) - (diabetic ? 7 : 0), 9, 30, 95);
    const tg = child ? rng.clampedNormal(72, 20, 35, 140) : rng.clampedNormal(120 + (diabetic ? 45 : 0), 35, 45, 320);
    return [
      ['cholesterol', ldl + hdl + tg / 5 + rng.normal(0, 4)],
      ['triglycerides', tg],
      ['ldl', ldl],
      ['hdl', hdl],
    ];
  },
  hba1c: (s) => {
    const { rng } = s;
    if (s.has('diabetes')) return [['hba1c', s.treated('diabetes') ? rng.clampedNormal(7.2, 0.5, 6.6, 9.0) : rng.float(7.1, 9.6)]];
    if (s.has('prediabetes')) return [['hba1c', rng.float(5.7, 6.4)]];
    return [['hba1c', rng.clampedNormal(5.2, 0.2, 4.6, 5.6)]];
  },
  tsh: (s) => {
    const { rng } = s;
    if (s.has('hypothyroidism') && !s.treated('hypothyroidism')) return [['tsh', rng.float(7, 14)]];
    return [['tsh', s.has('hypothyroidism') ? rng.clampedNormal(2.4, 0.9, 0.6, 4.6) : rng.clampedNormal(1.9, 0.7, 0.5, 3.9)]];
  },
  inr: (s) => [['inr', s.treated('atrialFibrillation') ? s.rng.clampedNormal(2.5, 0.35, 1.7, 3.4) : s.rng.clampedNormal(1.0, 0.05, 0.9, 1.1)]],
  microalbumin: (s) => [['microalbumin', s.has('diabetes') && s.rng.chance(0.25) ? s.rng.float(32, 140) : s.rng.clampedNormal(12, 6, 2, 28)]],
};

/** The DiagnosticReport code of each panel (single tests report under their own code). */
const PANEL_CODES: Record<PanelKey, Code> = {
  cbc: PANELS.cbc,
  bmp: PANELS.bmp,
  lipid: PANELS.lipid,
  hba1c: LABS.hba1c,
  tsh: LABS.tsh,
  inr: LABS.inr,
  microalbumin: LABS.microalbumin,
};

const LAB_PROFILE = profileList('us-core-observation-lab');
const REPORT_PROFILE = profileList('us-core-diagnosticreport-lab');
const LAB_CATEGORY = deepFreeze([plainConcept(DIAGNOSTIC_SERVICE.LAB)]);
const FLAGS = deepFreeze({
  L: [sharedConcept(INTERPRETATION.L)],
  H: [sharedConcept(INTERPRETATION.H)],
  N: [sharedConcept(INTERPRETATION.N)],
});
const TEST_CODES = new Map<Code, Readonly<CodeableConcept>>(Object.values(TESTS).map((t) => [t.code, sharedConcept(t.code)]));
const PANEL_CONCEPTS = new Map<PanelKey, Readonly<CodeableConcept>>(
  (Object.keys(PANEL_CODES) as PanelKey[]).map((k) => [k, sharedConcept(PANEL_CODES[k])]),
);

/** The interpretation a value gets against its range: L below, H above, N within. */
export function interpret(value: number, range: Range): 'L' | 'H' | 'N' {
  if (range.low !== undefined && value < range.low) return 'L';
  if (range.high !== undefined && value > range.high) return 'H';
  return 'N';
}

/** Labs a chronic condition calls for when it is reviewed, with the least days between draws. */
const CHRONIC_LABS: Partial<Record<ChronicKey, readonly (readonly [PanelKey, number])[]>> = {
  diabetes: [['hba1c', 80], ['bmp', 300], ['lipid', 300], ['microalbumin', 300]],
  prediabetes: [['hba1c', 300]],
  hypertension: [['bmp', 300]],
  hyperlipidemia: [['lipid', 300]],
  ckd3: [['bmp', 150]],
  hypothyroidism: [['tsh', 300]],
  atrialFibrillation: [['inr', 25]],
};

/** The panels a visit orders. */
export function panelsFor(ctx: ChartContext, p: PatientState, visit: Visit): PanelKey[] {
  const panels = new Set<PanelKey>(visit.acute?.labs ?? []);
  const since = (panel: PanelKey): number => (visit.start - (p.lastPanel.get(panel) ?? -Infinity)) / DAY;
  const age = visit.age;
  if (visit.kind === 'well' || visit.kind === 'diagnosis' || visit.kind === 'followUp') {
    const keys = new Set<ChronicKey>([...visit.reviewed, ...visit.diagnosed]);
    if (visit.kind === 'well') for (const c of p.conditions) if (c.onset <= visit.start) keys.add(c.key);
    for (const key of keys) {
      for (const [panel, days] of CHRONIC_LABS[key] ?? []) if (visit.diagnosed.includes(key) || since(panel) >= days) panels.add(panel);
    }
    if (visit.diagnosed.includes('diabetes')) panels.add('bmp');
  }
  if (visit.kind === 'well') {
    if (age >= 9 && age < 12 && !p.lastPanel.has('lipid')) panels.add('lipid');
    if (age >= 20 && since('lipid') >= (age >= 40 ? 365 : 4 * 365) && ctx.rng.chance(0.6)) panels.add('lipid');
    if (age >= 18 && since('cbc') >= 2 * 365 && ctx.rng.chance(0.3)) panels.add('cbc');
    if (age >= 18 && since('bmp') >= 2 * 365 && ctx.rng.chance(0.4)) panels.add('bmp');
    if (age >= 35 && p.traits.adultBmi >= 25 && since('hba1c') >= 3 * 365) panels.add('hba1c');
  }
  return [...panels];
}

/** Draws, reports and records the panels of a visit. */
export function recordLabs(ctx: ChartContext, p: PatientState, visit: Visit, panels: readonly PanelKey[]): void {
  if (panels.length === 0) return;
  const t = visit.start;
  const subject: Subject = {
    rng: ctx.rng,
    sex: p.demo.sex,
    age: visit.age,
    black: p.demo.race.code === '2054-5',
    has: (key) => hasCondition(p, key, t),
    treated: (key) => {
      const onset = onsetOf(p, key);
      return onset !== undefined && t - onset >= 60 * DAY;
    },
    leukocytosis: visit.acute?.leukocytosis === true,
  };
  const collectedAt = visit.start + (visit.kind === 'inpatient' ? 60 : 20) * MINUTE;
  const collected = ctx.shared.dateTime(collectedAt);
  const issued = ctx.shared.dateTime(Math.min(collectedAt + ctx.rng.int(2, 10) * HOUR, ctx.now - MINUTE));
  const lab = ctx.shared.list(ctx.facility.organizationRef);
  const encounter = visitRefs(ctx, visit).encounter;
  for (const panel of panels) {
    p.lastPanel.set(panel, visit.start);
    const results: string[] = [];
    for (const [key, raw] of PANEL_DRAWS[panel](subject)) {
      const test: Test = TESTS[key];
      const value = round(raw, test.decimals);
      const range = test.range(subject);
      const flag = interpret(value, range);
      const obs = observation(ctx, p, encounter, {
        category: 'laboratory',
        code: TEST_CODES.get(test.code) ?? concept(test.code),
        profile: LAB_PROFILE,
        effective: collected,
        issued,
        performer: lab,
      }, {
        valueQuantity: ctx.shared.quantity(value, test.unit.ucum, test.unit.unit),
        interpretation: FLAGS[flag],
        referenceRange: ctx.shared.range(range.low, range.high, test.unit.ucum, test.unit.unit),
      });
      p.chart.Observation.push(obs);
      results.push(obs.id as string);
    }
    p.chart.DiagnosticReport.push({
      resourceType: 'DiagnosticReport',
      id: ctx.ids.next('DiagnosticReport'),
      meta: profileMeta(REPORT_PROFILE, issued),
      status: 'final',
      category: LAB_CATEGORY,
      code: PANEL_CONCEPTS.get(panel) ?? concept(PANEL_CODES[panel]),
      subject: p.subject,
      encounter,
      effectiveDateTime: collected,
      issued,
      performer: lab,
      result: results.map((id) => ctx.shared.reference('Observation', id)),
    });
  }
}
