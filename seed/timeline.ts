/**
 * The encounters of a chart over its history window (the last five years, or since birth):
 * well-child visits on the pediatric schedule, adult check-ups, diagnosis and follow-up
 * visits for chronic conditions, sick visits, emergency visits and hospital stays, each with
 * a practitioner and a location. Times are clinic hours in US Eastern time (UTC-5).
 */
import { ACUTE_CATALOGUE, acuteRate, type AcuteDefinition, type Setting } from './acute.js';
import { definition } from './conditions.js';
import { DAY, HOUR, MINUTE, MONTH, YEAR } from './dates.js';
import { type Reference } from './fhir.js';
import type { ChronicCondition, ChronicKey, LocationKey, PractitionerInfo, PractitionerKind, Sex } from './model.js';
import type { ChartContext } from './model.js';

/** How far back a chart goes. */
export const HISTORY_YEARS = 5;
/** At most this many encounters per patient (sick visits are dropped first). */
export const MAX_ENCOUNTERS = 32;

/** What a visit is for. */
export type VisitKind = 'birth' | 'well' | 'diagnosis' | 'followUp' | 'sick' | 'emergency' | 'inpatient';

/** One planned visit (an Encounter to be). */
export interface Visit {
  kind: VisitKind;
  start: number;
  end: number;
  /** Age in years at the start. */
  age: number;
  /** The acute problem of a sick, emergency or inpatient visit. */
  acute?: AcuteDefinition;
  /** Chronic conditions diagnosed at this visit. */
  diagnosed: ChronicKey[];
  /** Chronic conditions reviewed at this visit (active ones with follow-up). */
  reviewed: ChronicKey[];
  practitioner: PractitionerInfo;
  location: LocationKey;
  /** Encounter id, set once the visits are in order. */
  id: string;
  /** Shared references and stamps of the visit (see `visitRefs`). */
  refs?: VisitRefs;
}

/** References and times every resource of a visit repeats, built once and shared. */
export interface VisitRefs {
  encounter: Readonly<Reference>;
  practitioner: Readonly<Reference>;
  performers: readonly Readonly<Reference>[];
  location: Readonly<Reference>;
}

/** The shared references of a visit (its id must be set). */
export function visitRefs(ctx: ChartContext, visit: Visit): VisitRefs {
  if (!visit.refs) {
    visit.refs = Object.freeze({
      encounter: ctx.shared.reference('Encounter', visit.id),
      practitioner: visit.practitioner.ref,
      performers: visit.practitioner.refs,
      location: ctx.facility.locations[visit.location].ref,
    });
  }
  return visit.refs;
}

/** Ages (years) of the well-child visits (AAP periodicity schedule), then yearly to 17. */
const WELL_CHILD_AGES: readonly number[] = [
  4 / 365, 1 / 12, 2 / 12, 4 / 12, 6 / 12, 9 / 12, 1, 15 / 12, 18 / 12, 2, 2.5, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
];

/** A weekday clinic time (08:00 to 16:30 Eastern) on or after the day of `t`. */
function clinicTime(ctx: ChartContext, t: number): number {
  let day = Math.floor(t / DAY) * DAY;
  const weekday = (Math.floor(t / DAY) + 4) % 7; // 1970-01-01 was a Thursday (4)
  if (weekday === 6) day += 2 * DAY;
  if (weekday === 0) day += DAY;
  return day + 13 * HOUR + ctx.rng.int(0, 17) * 30 * MINUTE;
}

/** Any time of day, to the minute. */
function anyTime(ctx: ChartContext, t: number): number {
  return Math.floor(t / DAY) * DAY + ctx.rng.int(0, 24 * 60 - 1) * MINUTE;
}

function poisson(ctx: ChartContext, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = ctx.rng.next();
  while (p > limit && k < 50) {
    k++;
    p *= ctx.rng.next();
  }
  return k;
}

function practitionerFor(ctx: ChartContext, gp: PractitionerInfo, kind: VisitKind, age: number): PractitionerInfo {
  const { practitioners } = ctx.facility;
  const of = (kinds: PractitionerKind[]): PractitionerInfo[] => practitioners.filter((p) => kinds.includes(p.kind));
  if (kind === 'emergency') return ctx.rng.pick(of(['emergency']));
  if (kind === 'inpatient') return ctx.rng.pick(of(['hospitalist']));
  if (kind === 'birth' || ctx.rng.chance(0.8)) return gp;
  return ctx.rng.pick(age < 18 ? of(['pediatrics']) : of(['family', 'internal', 'nursePractitioner']));
}

function locationFor(kind: VisitKind, age: number): LocationKey {
  if (kind === 'emergency') return 'emergency';
  if (kind === 'inpatient' || kind === 'birth') return 'hospital';
  return age < 18 ? 'pediatrics' : 'clinic';
}

interface TimelineInput {
  sex: Sex;
  birth: number;
  gp: PractitionerInfo;
  conditions: ChronicCondition[];
}

/** Plans the visits of one chart, oldest first, without ids. */
export function planVisits(ctx: ChartContext, input: TimelineInput): Visit[] {
  const { birth, conditions, gp, sex } = input;
  const { now } = ctx;
  const windowStart = Math.max(birth, now - HISTORY_YEARS * YEAR);
  const visits: Visit[] = [];
  const ageAt = (t: number): number => (t - birth) / YEAR;
  const has = (key: ChronicKey, t: number): boolean => conditions.some((c) => c.key === key && c.onset <= t);
  const followed = (t: number): ChronicKey[] =>
    conditions.filter((c) => c.onset <= t && definition(c.key).followUpMonths > 0).map((c) => c.key);
  const add = (kind: VisitKind, start: number, minutes: number, extra: Partial<Visit> = {}): void => {
    const end = start + minutes * MINUTE;
    if (start < windowStart || end >= now) return;
    const age = ageAt(start);
    visits.push({
      kind,
      start,
      end,
      age,
      diagnosed: [],
      reviewed: kind === 'well' || kind === 'followUp' ? followed(start) : [],
      practitioner: practitionerFor(ctx, gp, kind, age),
      location: locationFor(kind, age),
      id: '',
      ...extra,
    });
  };

  // Birth in hospital, when it falls in the window.
  if (birth >= windowStart) {
    const start = birth + ctx.rng.int(0, 23 * 60) * MINUTE;
    add('birth', start, 2 * 24 * 60 - ctx.rng.int(0, 8 * 60));
  }

  // Well-child visits, then adult check-ups (yearly from 40, most years before).
  for (const age of WELL_CHILD_AGES) {
    const t = birth + age * YEAR + ctx.rng.int(0, age < 1 ? 3 : 20) * DAY;
    add('well', clinicTime(ctx, t), ctx.rng.int(25, 40));
  }
  const firstAdultYear = Math.max(18, Math.ceil(ageAt(windowStart)));
  const lastAdultYear = Math.floor(ageAt(now));
  for (let year = firstAdultYear; year <= lastAdultYear; year++) {
    const t = birth + year * YEAR + ctx.rng.int(-40, 120) * DAY;
    const latest = year === lastAdultYear || t + YEAR > now;
    if (latest || ctx.rng.chance(year < 40 ? 0.6 : 0.85)) add('well', clinicTime(ctx, Math.min(t, now - 10 * DAY)), ctx.rng.int(25, 40));
  }

  // Diagnosis visits for conditions that began in the window; the onset is the visit day.
  for (const condition of conditions) {
    if (condition.onset < windowStart) continue;
    const start = clinicTime(ctx, condition.onset);
    if (start + HOUR >= now) continue;
    condition.onset = Math.floor(start / DAY) * DAY;
    add('diagnosis', start, ctx.rng.int(20, 30), { diagnosed: [condition.key], reviewed: [condition.key] });
  }

  // Follow-ups: every few months while a followed condition is active, unless a visit is near.
  const firstFollowed = conditions.find((c) => definition(c.key).followUpMonths > 0);
  if (firstFollowed) {
    let t = Math.max(windowStart, firstFollowed.onset);
    for (let guard = 0; guard < 80; guard++) {
      const keys = followed(t);
      const months = Math.min(...keys.map((k) => definition(k).followUpMonths));
      t += months * MONTH * ctx.rng.float(0.85, 1.15);
      if (t >= now - DAY) break;
      const near = visits.some((v) => (v.kind === 'well' || v.kind === 'diagnosis') && Math.abs(v.start - t) < 45 * DAY);
      if (!near) add('followUp', clinicTime(ctx, t), ctx.rng.int(20, 30));
    }
  }

  // Acute problems: sick visits, emergency visits and hospital stays, by rate.
  const settings: Setting[] = ['sick', 'emergency', 'inpatient'];
  const years = (now - windowStart) / YEAR;
  // The same problem again is less likely (one chest pain work-up is common, four are not).
  const seen = new Map<AcuteDefinition, number>();
  for (const setting of settings) {
    const midAge = ageAt(windowStart + ((now - windowStart) * 2) / 3);
    const count = poisson(ctx, acuteRate(setting, midAge, conditions.some((c) => c.key === 'asthma')) * years);
    for (let i = 0; i < count; i++) {
      const t = windowStart + ctx.rng.next() * (now - windowStart);
      const age = ageAt(t);
      const options = ACUTE_CATALOGUE.filter((a) => a.setting === setting && a.eligible(age, sex, (k) => has(k, t)));
      if (options.length === 0) continue;
      const acute = ctx.rng.weighted(options.map((a) => [a, a.weight / (1 + 3 * (seen.get(a) ?? 0))] as const));
      seen.set(acute, (seen.get(acute) ?? 0) + 1);
      if (setting === 'sick') add('sick', clinicTime(ctx, t), ctx.rng.int(15, 25), { acute });
      else if (setting === 'emergency') add('emergency', anyTime(ctx, t), ctx.rng.int(120, 360), { acute });
      else {
        const [min, max] = acute.stayDays ?? [2, 4];
        const start = anyTime(ctx, t);
        let discharge = Math.floor(start / DAY) * DAY + ctx.rng.int(min, max) * DAY + (15 + ctx.rng.int(0, 4)) * HOUR;
        if (discharge - start < 18 * HOUR) discharge += DAY;
        add('inpatient', start, (discharge - start) / MINUTE, { acute });
      }
    }
  }

  visits.sort((a, b) => a.start - b.start);
  return capVisits(visits);
}

/** Keeps at most MAX_ENCOUNTERS visits, dropping the oldest sick visits and follow-ups first. */
function capVisits(visits: Visit[]): Visit[] {
  let excess = visits.length - MAX_ENCOUNTERS;
  if (excess <= 0) return visits;
  const drop = new Set<Visit>();
  for (const kind of ['sick', 'followUp', 'well'] as const) {
    for (const v of visits) {
      if (excess <= 0) break;
      if (v.kind === kind) {
        drop.add(v);
        excess--;
      }
    }
  }
  return visits.filter((v) => !drop.has(v));
}
