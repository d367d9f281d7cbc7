/**
 * Date search (R4 search.html 3.1.1.4.6 and the prefix table of 3.1.1.4.5). Every date is a
 * range set by its precision: `2024` is the whole year, `2024-03-05T10:00` one minute.
 * Element values (date, dateTime, instant, Period with open ends) are ranges too, and a
 * prefix compares the two ranges. Values without a time zone are taken as UTC, the
 * server's time zone.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { splitPrefix } from './prefix.js';
import type { DateValue, Prefix, TimeRange } from './types.js';

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const MINUTE = 60_000;
const DAY = 86_400_000;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of a UTC time; `month` is 0-based and may be 12 (January of the next year). */
function utc(year: number, month: number, day = 1, hour = 0, minute = 0, second = 0): number {
  // Date.UTC carries a month of 12 into the next year itself; only years 0-99 need the detour.
  if (year >= 100) return Date.UTC(year, month, day, hour, minute, second);
  const y = year + Math.floor(month / 12);
  const d = new Date(Date.UTC(2000, month % 12, day, hour, minute, second));
  d.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  return d.getTime();
}

/** The range a FHIR date, dateTime or instant string stands for; undefined when malformed. */
export function dateRange(text: string): TimeRange | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, tz] = m;
  const year = Number(ys);
  if (mos === undefined) return { lo: utc(year, 0), hi: utc(year + 1, 0) };
  const month = Number(mos);
  if (month < 1 || month > 12) return undefined;
  if (ds === undefined) return { lo: utc(year, month - 1), hi: utc(year, month) };
  const day = Number(ds);
  const days = month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
  if (day < 1 || day > days) return undefined;
  if (hs === undefined) {
    const lo = utc(year, month - 1, day);
    return { lo, hi: lo + DAY };
  }
  const [hour, minute, second] = [Number(hs), Number(mis), Number(ss ?? '0')];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (tz !== undefined && tz !== 'Z') {
    const [oh, om] = [Number(tz.slice(1, 3)), Number(tz.slice(4, 6))];
    if (oh > 14 || om > 59) return undefined;
    offset = (tz.startsWith('-') ? -1 : 1) * (oh * 60 + om) * MINUTE;
  }
  const base = utc(year, month - 1, day, hour, minute, second) - offset;
  if (ss === undefined) return { lo: base, hi: base + MINUTE };
  if (frac === undefined) return { lo: base, hi: base + 1000 };
  const lo = base + Math.floor(Number(`0.${frac}`) * 1000);
  return { lo, hi: lo + (frac.length >= 3 ? 1 : 10 ** (3 - frac.length)) };
}

/** The ranges of an element: a date/dateTime/instant string or a Period (open ends unbounded). */
export function elementRanges(value: unknown): TimeRange[] {
  if (typeof value === 'string') {
    const range = dateRange(value);
    return range ? [range] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const { start, end } = value as { start?: unknown; end?: unknown };
  if (typeof start !== 'string' && typeof end !== 'string') return [];
  const lo = typeof start === 'string' ? dateRange(start)?.lo : -Infinity;
  const hi = typeof end === 'string' ? dateRange(end)?.hi : Infinity;
  return lo === undefined || hi === undefined ? [] : [{ lo, hi }];
}

/**
 * Parses `[prefix]date`. `ap` widens the range by 10% of its distance from `now` on each
 * side (R4's recommendation for dates) and then matches any overlap.
 */
export function parseDateValue(raw: string, param: string, now: number): DateValue {
  const { prefix, rest } = splitPrefix(raw);
  const range = dateRange(rest);
  if (!range) {
    throw badRequest(
      `Invalid date '${raw}' for search parameter '${param}': expected [prefix]YYYY, YYYY-MM, YYYY-MM-DD or a dateTime such as 2024-01-31T10:00:00Z`,
    );
  }
  if (prefix !== 'ap') return { prefix, range };
  const mid = range.lo / 2 + range.hi / 2;
  const margin = Math.abs(now - mid) / 10;
  return { prefix, range, approx: { lo: range.lo - margin, hi: range.hi + margin } };
}

/** Compares a target range with a search range by prefix (R4 search.html 3.1.1.4.5). */
export function compareRanges(prefix: Prefix, search: TimeRange, target: TimeRange, approx?: TimeRange): boolean {
  const contained = search.lo <= target.lo && target.hi <= search.hi;
  switch (prefix) {
    case 'eq':
      return contained;
    case 'ne':
      return !contained;
    case 'gt':
      return target.hi > search.hi;
    case 'lt':
      return target.lo < search.lo;
    case 'ge':
      return target.hi > search.hi || contained;
    case 'le':
      return target.lo < search.lo || contained;
    case 'sa':
      return target.lo >= search.hi;
    case 'eb':
      return target.hi <= search.lo;
    case 'ap': {
      const wide = approx ?? search;
      return target.lo < wide.hi && target.hi > wide.lo;
    }
  }
}

/** True when any element value satisfies the date value. */
export function matchDate(value: DateValue, elements: readonly unknown[]): boolean {
  return elements.some((e) => elementRanges(e).some((r) => compareRanges(value.prefix, value.range, r, value.approx)));
}
