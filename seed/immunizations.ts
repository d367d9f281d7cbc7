/**
 * Immunizations (US Core Immunization) on the CDC schedule: the childhood series given at the
 * well-child visits (or recorded from earlier records when they fall before the chart's
 * history), a yearly influenza vaccine, and adult Td, zoster and pneumococcal vaccines.
 */
import { IMMUNIZATION_STATUS_REASON } from './codes/us-core.js';
import type { Resource } from '../src/fhir/resource.js';
import { VACCINES } from './codes/cvx.js';
import { IMMUNIZATION_ORIGIN } from './codes/hl7.js';
import type { Code } from './codes/types.js';
import { DAY, HOUR, MINUTE, YEAR } from './dates.js';
import { profileList, sharedConcept, type CodeableConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

/** A scheduled dose: the age it is due (years) and the ages it may be given. */
export interface ScheduledDose {
  vaccine: Code;
  due: number;
  window: [number, number];
}

const M = 1 / 12;

/** The childhood series (CDC schedule, birth to 18 years). */
export const CHILD_SCHEDULE: readonly ScheduledDose[] = [
  { vaccine: VACCINES.hepBPediatric, due: 0, window: [0, M] },
  { vaccine: VACCINES.hepBPediatric, due: M, window: [M, 3 * M] },
  { vaccine: VACCINES.hepBPediatric, due: 6 * M, window: [6 * M, 19 * M] },
  ...[2, 4].map((m) => ({ vaccine: VACCINES.rotavirus, due: m * M, window: [m * M - 0.05, m * M + 0.2] as [number, number] })),
  ...[2, 4, 6].map((m) => ({ vaccine: VACCINES.dtap, due: m * M, window: [m * M - 0.05, m * M + 0.25] as [number, number] })),
  { vaccine: VACCINES.dtap, due: 15 * M, window: [15 * M, 19 * M] },
  { vaccine: VACCINES.dtap, due: 4, window: [4, 7] },
  ...[2, 4].map((m) => ({ vaccine: VACCINES.hib, due: m * M, window: [m * M - 0.05, m * M + 0.25] as [number, number] })),
  { vaccine: VACCINES.hib, due: 1, window: [1, 16 * M] },
  ...[2, 4, 6].map((m) => ({ vaccine: VACCINES.pcv13, due: m * M, window: [m * M - 0.05, m * M + 0.25] as [number, number] })),
  { vaccine: VACCINES.pcv13, due: 1, window: [1, 16 * M] },
  ...[2, 4].map((m) => ({ vaccine: VACCINES.ipv, due: m * M, window: [m * M - 0.05, m * M + 0.25] as [number, number] })),
  { vaccine: VACCINES.ipv, due: 6 * M, window: [6 * M, 19 * M] },
  { vaccine: VACCINES.ipv, due: 4, window: [4, 7] },
  { vaccine: VACCINES.mmr, due: 1, window: [1, 16 * M] },
  { vaccine: VACCINES.mmr, due: 4, window: [4, 7] },
  { vaccine: VACCINES.varicella, due: 1, window: [1, 16 * M] },
  { vaccine: VACCINES.varicella, due: 4, window: [4, 7] },
  { vaccine: VACCINES.hepAPediatric, due: 1, window: [1, 2] },
  { vaccine: VACCINES.hepAPediatric, due: 18 * M, window: [18 * M, 42 * M] },
  { vaccine: VACCINES.tdap, due: 11, window: [11, 13] },
  { vaccine: VACCINES.hpv, due: 11, window: [9, 15] },
  { vaccine: VACCINES.hpv, due: 12, window: [9, 15] },
  { vaccine: VACCINES.meningococcal, due: 11, window: [11, 13] },
  { vaccine: VACCINES.meningococcal, due: 16, window: [16, 19] },
];

/** Ages (years) at which each vaccine may be given at all: the child windows and adult rules. */
export const AGE_RULES: ReadonlyMap<string, readonly [number, number][]> = (() => {
  const rules = new Map<string, [number, number][]>();
  for (const dose of CHILD_SCHEDULE) rules.set(dose.vaccine.code, [...(rules.get(dose.vaccine.code) ?? []), dose.window]);
  rules.set(VACCINES.influenza.code, [[0.5, 130]]);
  rules.set(VACCINES.td.code, [[19, 130]]);
  rules.set(VACCINES.zoster.code, [[50, 130]]);
  rules.set(VACCINES.ppsv23.code, [[65, 130]]);
  return rules;
})();

/** True when the schedule allows `cvx` at `age` (years). */
export function allowedAt(cvx: string, age: number): boolean {
  return (AGE_RULES.get(cvx) ?? []).some(([lo, hi]) => age >= lo && age <= hi);
}

const ROUTINE: ReadonlySet<Visit['kind']> = new Set(['well', 'birth', 'followUp', 'diagnosis', 'sick']);

const LETTERS = [...'ABCDEFGHJKLMNPRSTUVWXYZ'];

function lotNumber(ctx: ChartContext): string {
  return `${ctx.rng.pick(LETTERS)}${ctx.rng.pick(LETTERS)}${ctx.rng.int(1000, 9999)}`;
}

const VACCINE_CONCEPTS = new Map<Code, Readonly<CodeableConcept>>(Object.values(VACCINES).map((v) => [v, sharedConcept(v)]));
const RECORD_ORIGIN = sharedConcept(IMMUNIZATION_ORIGIN.record);
const PROFILE = profileList('us-core-immunization');

function immunization(ctx: ChartContext, p: PatientState, vaccine: Code, at: number, visit: Visit | undefined): Resource {
  const given = visit !== undefined;
  return {
    resourceType: 'Immunization',
    id: ctx.ids.next('Immunization'),
    meta: { lastUpdated: ctx.shared.dateTime(visit ? visit.end : at), profile: PROFILE },
    status: 'completed',
    vaccineCode: VACCINE_CONCEPTS.get(vaccine) ?? ctx.shared.concept(vaccine),
    patient: p.subject,
    ...(visit ? { encounter: visitRefs(ctx, visit).encounter } : {}),
    occurrenceDateTime: ctx.shared.dateTime(at),
    primarySource: given,
    ...(given
      ? {
          location: visitRefs(ctx, visit).location,
          lotNumber: lotNumber(ctx),
          performer: ctx.shared.memo('actor', visit.practitioner.ref, () => [{ actor: visit.practitioner.ref }]),
        }
      : { reportOrigin: RECORD_ORIGIN }),
  };
}

/** Records every immunization of the chart, in time order. */
export function recordImmunizations(ctx: ChartContext, p: PatientState): void {
  const { rng } = ctx;
  const birth = p.demo.birth;
  const windowStart = Math.max(birth, ctx.now - 5 * YEAR);
  const ageAt = (t: number): number => (t - birth) / YEAR;
  const out: { at: number; resource: () => Resource }[] = [];
  const wellVisits = p.visits.filter((v) => v.kind === 'well' || v.kind === 'birth');

  // Childhood series: at the well visit nearest the due age, or from records before the window.
  for (const dose of CHILD_SCHEDULE) {
    const dueAt = birth + dose.due * YEAR;
    if (dueAt > ctx.now) continue;
    const visit = wellVisits.find((v) => {
      const age = ageAt(v.start);
      return age >= dose.window[0] && age <= dose.window[1] && v.start >= dueAt - 20 * DAY;
    });
    if (visit) {
      const at = visit.start + 25 * MINUTE;
      out.push({ at, resource: () => immunization(ctx, p, dose.vaccine, at, visit) });
    } else if (dueAt < windowStart && ctx.now - birth < 19 * YEAR) {
      const at = Math.max(birth + dose.window[0] * YEAR, dueAt + rng.int(0, 14) * DAY) + 14 * HOUR;
      if (ageAt(at) <= dose.window[1]) out.push({ at, resource: () => immunization(ctx, p, dose.vaccine, at, undefined) });
    }
  }

  // Influenza each season (September to March) from 6 months, at a visit or at a pharmacy.
  const coverage = (age: number): number => (age < 18 ? 0.6 : age < 65 ? 0.45 : 0.7);
  for (let year = new Date(windowStart).getUTCFullYear(); year <= new Date(ctx.now).getUTCFullYear(); year++) {
    const seasonStart = Date.UTC(year, 8, 1);
    const seasonEnd = Date.UTC(year + 1, 2, 31);
    if (!rng.chance(coverage(ageAt(seasonStart)))) continue;
    const visit = p.visits.find((v) => ROUTINE.has(v.kind) && v.start >= seasonStart && v.start < seasonEnd && ageAt(v.start) >= 0.5);
    if (visit) {
      const at = visit.start + 25 * MINUTE;
      out.push({ at, resource: () => immunization(ctx, p, VACCINES.influenza, at, visit) });
    } else {
      const at = Date.UTC(year, 9, 1) + rng.int(0, 55) * DAY + rng.int(15, 22) * HOUR;
      if (at > windowStart && at < ctx.now && ageAt(at) >= 0.5) out.push({ at, resource: () => immunization(ctx, p, VACCINES.influenza, at, undefined) });
    }
  }

  // Adults: a Td booster, the zoster series from 50, a pneumococcal vaccine from 65.
  const adultWell = wellVisits.filter((v) => v.kind === 'well' && v.age >= 19);
  const tdVisit = adultWell.find(() => rng.chance(0.2));
  if (tdVisit) out.push({ at: tdVisit.start + 25 * MINUTE, resource: () => immunization(ctx, p, VACCINES.td, tdVisit.start + 25 * MINUTE, tdVisit) });
  const zosterVisit = adultWell.find((v) => v.age >= 50);
  if (zosterVisit && rng.chance(0.6)) {
    const first = zosterVisit.start + 25 * MINUTE;
    out.push({ at: first, resource: () => immunization(ctx, p, VACCINES.zoster, first, zosterVisit) });
    const second = p.visits.find((v) => ROUTINE.has(v.kind) && v.start >= first + 60 * DAY && v.start <= first + 180 * DAY);
    const secondAt = second ? second.start + 25 * MINUTE : first + rng.int(70, 120) * DAY;
    if (secondAt < ctx.now) out.push({ at: secondAt, resource: () => immunization(ctx, p, VACCINES.zoster, secondAt, second) });
  }
  const pneumoVisit = adultWell.find((v) => v.age >= 65);
  if (pneumoVisit && rng.chance(0.7)) {
    const at = pneumoVisit.start + 25 * MINUTE;
    out.push({ at, resource: () => immunization(ctx, p, VACCINES.ppsv23, at, pneumoVisit) });
  }

  out.sort((a, b) => a.at - b.at);
  for (const item of out) p.chart.Immunization.push(item.resource());
}

const DECLINED = sharedConcept(IMMUNIZATION_STATUS_REASON.patientObjection);

/**
 * An adult offered the influenza vaccine at a routine visit of a season without a dose may
 * decline it: an Immunization with status not-done and the reason (patient objection).
 */
export function recordDeclinedInfluenza(ctx: ChartContext, p: PatientState): void {
  const flu = VACCINES.influenza.code;
  const given = p.chart.Immunization.filter((i) => (i.vaccineCode as CodeableConcept).coding[0]?.code === flu).map((i) => Date.parse(i.occurrenceDateTime as string));
  for (const visit of p.visits) {
    if (visit.age < 18 || !ROUTINE.has(visit.kind)) continue;
    const month = new Date(visit.start).getUTCMonth();
    if (month > 2 && month < 8) continue;
    const seasonYear = new Date(visit.start).getUTCFullYear() - (month <= 2 ? 1 : 0);
    const seasonStart = Date.UTC(seasonYear, 8, 1);
    const seasonEnd = Date.UTC(seasonYear + 1, 2, 31);
    if (given.some((t) => t >= seasonStart && t < seasonEnd) || !ctx.rng.chance(0.3)) continue;
    given.push(visit.start);
    p.chart.Immunization.push({
      resourceType: 'Immunization',
      id: ctx.ids.next('Immunization'),
      meta: { lastUpdated: ctx.shared.dateTime(visit.end), profile: PROFILE },
      status: 'not-done',
      statusReason: DECLINED,
      vaccineCode: VACCINE_CONCEPTS.get(VACCINES.influenza) ?? ctx.shared.concept(VACCINES.influenza),
      patient: p.subject,
      encounter: visitRefs(ctx, visit).encounter,
      occurrenceDateTime: ctx.shared.dateTime(visit.start + 25 * MINUTE),
      primarySource: true,
    });
  }
}
