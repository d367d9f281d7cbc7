/**
 * String search (R4 search.html 3.1.1.4.7): by default case- and accent-insensitive
 * starts-with; `:exact` is a case- and accent-sensitive whole-value match; `:contains` is
 * case- and accent-insensitive anywhere in the value. A HumanName or Address matches when
 * any of its string parts does (family, given, prefix, suffix, text; line, city, district,
 * state, postalCode, country, text).
 */

/** Lower case without accents: NFD, then the combining marks removed. */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const PARTS = ['family', 'given', 'prefix', 'suffix', 'line', 'city', 'district', 'state', 'postalCode', 'country', 'text'];

/** The strings an element offers to string search. */
export function stringParts(element: unknown): string[] {
  if (typeof element === 'string') return [element];
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return [];
  const out: string[] = [];
  const record = element as Record<string, unknown>;
  for (const key of PARTS) {
    const v = record[key];
    for (const item of Array.isArray(v) ? v : [v]) if (typeof item === 'string') out.push(item);
  }
  return out;
}

export type StringMode = 'start' | 'exact' | 'contains';

/** Prepares a search value for `mode`: normalized except for `exact`. */
export function prepareString(value: string, mode: StringMode): string {
  return mode === 'exact' ? value : normalizeText(value);
}

/** True when any part of any element matches one prepared value. */
export function matchString(mode: StringMode, values: readonly string[], elements: readonly unknown[]): boolean {
  for (const element of elements) {
    for (const part of stringParts(element)) {
      const candidate = mode === 'exact' ? part : normalizeText(part);
      for (const value of values) {
        if (mode === 'exact' ? candidate === value : mode === 'contains' ? candidate.includes(value) : candidate.startsWith(value)) {
          return true;
        }
      }
    }
  }
  return false;
}
