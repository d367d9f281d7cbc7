/**
 * An independent reading of FHIR R4 search matching (search.html 3.1.1.4), for the US Core
 * search test: does a stored resource match one criterion? `undefined` where the answer
 * depends on details the test does not model (a date range that straddles the query day).
 */
import type { Json } from './helpers.js';
import type { SearchDefinition } from './us-core-metadata.js';

export interface Criterion {
  name: string;
  kind: 'reference' | 'id' | 'token' | 'string' | 'date';
  value: string;
  /** Date comparator (gt, ge, lt, le). */
  prefix?: string;
  /** For a date taken from a resource: the first and last day its value covers. */
  span?: { first: string; last: string };
  def: SearchDefinition;
}

type PathValues = (root: Json, path: string) => Json[];

/** The instants a date, dateTime, instant or Period covers, [start, end) in ms. */
export function dateRange(v: Json): [number, number] | undefined {
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      const start = Date.parse(`${v}T00:00:00Z`);
      return [start, start + 86_400_000];
    }
    if (/^\d{4}-\d{2}$/.test(v) || /^\d{4}$/.test(v)) {
      const start = Date.parse(v.length === 4 ? `${v}-01-01T00:00:00Z` : `${v}-01T00:00:00Z`);
      const end = new Date(start);
      if (v.length === 4) end.setUTCFullYear(end.getUTCFullYear() + 1);
      else end.setUTCMonth(end.getUTCMonth() + 1);
      return [start, end.getTime()];
    }
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : [t, t + 1000];
  }
  if (v && typeof v === 'object' && (v.start || v.end)) {
    const start = v.start ? (dateRange(v.start)?.[0] ?? -Infinity) : -Infinity;
    const end = v.end ? (dateRange(v.end)?.[1] ?? Infinity) : Infinity;
    return [start, end];
  }
  return undefined;
}

/** Does a date range satisfy `prefix day`? (true, false, or undefined when it straddles the day). */
function dateMatch(range: [number, number], day: string, prefix = 'eq'): boolean | undefined {
  const d0 = Date.parse(`${day}T00:00:00Z`);
  const d1 = d0 + 86_400_000;
  const [s, e] = range;
  const within = s >= d0 && e <= d1;
  const disjoint = e <= d0 || s >= d1;
  switch (prefix) {
    case 'eq':
      return within ? true : disjoint ? false : undefined;
    case 'gt':
      return s >= d1 ? true : e <= d1 ? false : undefined;
    case 'ge':
      return s >= d0 ? true : e <= d0 ? false : undefined;
    case 'lt':
      return e <= d0 ? true : s >= d0 ? false : undefined;
    case 'le':
      return e <= d1 ? true : s >= d1 ? false : undefined;
    default:
      return undefined;
  }
}

const norm = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether the resource matches one criterion (any of its values at the parameter's paths). */
export function matches(r: Json, c: Criterion, pathValues: PathValues): boolean | undefined {
  const values = c.kind === 'id' ? [r.id] : c.def.paths.flatMap((p) => pathValues(r, p));
  if (c.name === 'patient') values.splice(0, values.length, ...(['subject', 'patient', 'beneficiary'].flatMap((p) => pathValues(r, p)) as Json[]));
  switch (c.kind) {
    case 'id':
      return values.includes(c.value);
    case 'reference':
      return values.some((v) => v?.reference === c.value);
    case 'token': {
      const [system, code] = c.value.includes('|') ? c.value.split('|') : [undefined, c.value];
      return values.some((v) => {
        if (typeof v !== 'object') return String(v) === code;
        const codings = v.coding ?? [v];
        return codings.some((x: Json) => (x.code ?? x.value) === code && (system === undefined || x.system === system));
      });
    }
    case 'string': {
      const q = norm(c.value);
      return values.some((v) => {
        const parts = typeof v === 'string' ? [v] : [v.family, ...(v.given ?? []), v.text, ...(v.prefix ?? []), ...(v.suffix ?? []), ...(v.line ?? []), v.city, v.state, v.postalCode, v.country, v.district];
        return parts.some((p) => typeof p === 'string' && norm(p).startsWith(q));
      });
    }
    case 'date': {
      const verdicts = values.map((v) => dateRange(v)).filter((x) => x !== undefined).map((range) => dateMatch(range, c.value, c.prefix));
      if (verdicts.some((v) => v === true)) return true;
      return verdicts.every((v) => v === false) ? false : undefined;
    }
  }
}
