/**
 * Time in the generator is a number of milliseconds since the epoch, in UTC; these helpers
 * do the arithmetic and write FHIR date, dateTime and instant strings. The wall clock is
 * never read: every time derives from the reference date.
 */
export const MINUTE = 60_000;
/** Milliseconds in an hour, a day, a (Julian) year and an average month. */
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365.25 * DAY;
export const MONTH = YEAR / 12;

/** The default "today" of the data. */
export const DEFAULT_REFERENCE_DATE = '2026-01-01';

/** Milliseconds of a `YYYY-MM-DD` date at 00:00 UTC; throws on anything else. */
export function parseDate(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`expected a date as YYYY-MM-DD (got '${date}')`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new Error(`'${date}' is not a valid date`);
  return ms;
}

/** `00` to `59`: the two-digit fields of a time, written once. */
const TWO_DIGITS: readonly string[] = Object.freeze(Array.from({ length: 60 }, (_, n) => (n < 10 ? `0${n}` : String(n))));

const pad2 = (n: number): string => TWO_DIGITS[n] ?? String(n);

/**
 * `YYYY-MM-DD` of a UTC day number (days since 1970-01-01), by the days-to-civil algorithm
 * (H. Hinnant); far quicker than `Date#toISOString`, which matters at 100,000s of stamps.
 */
function civil(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** `YYYY-MM-DD`. */
export function fhirDate(ms: number): string {
  return civil(Math.floor(ms / DAY));
}

/** `YYYY-MM-DDThh:mm:ssZ`, a FHIR dateTime and instant (whole seconds). */
export function fhirDateTime(ms: number): string {
  const day = Math.floor(ms / DAY);
  const seconds = Math.floor((ms - day * DAY) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  // One flat string: a template literal of 20 characters is a rope of pieces in V8.
  return [civil(day), 'T', pad2(h), ':', pad2(m), ':', pad2(seconds % 60), 'Z'].join('');
}

/** `Thh:mm:ssZ`, the part of a dateTime after its date, for a second of the day (0 to 86,399). */
export function fhirTimeOfDay(second: number): string {
  return ['T', pad2(Math.floor(second / 3600)), ':', pad2(Math.floor((second % 3600) / 60)), ':', pad2(second % 60), 'Z'].join('');
}

/** Start of the UTC day that contains `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Age in (fractional) years at `at`. */
export function ageAt(birth: number, at: number): number {
  return (at - birth) / YEAR;
}

/** Whole years of age at `at`, as people count them. */
export function wholeYears(birth: number, at: number): number {
  const b = new Date(birth);
  const a = new Date(at);
  let years = a.getUTCFullYear() - b.getUTCFullYear();
  if (a.getUTCMonth() < b.getUTCMonth() || (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())) years--;
  return years;
}
