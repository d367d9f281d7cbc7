/**
 * Quantity search (R4 search.html 3.1.1.4.10): `[prefix]number|system|code`,
 * `[prefix]number||code` (code or human unit) and `[prefix]number` (any unit). Numbers
 * compare as in number search.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { splitEscaped, unescapeValue } from './escape.js';
import { compareNumber, parseDecimal } from './number.js';
import { splitPrefix } from './prefix.js';
import type { QuantityValue } from './types.js';

/** Parses one quantity value (still escaped). */
export function parseQuantityValue(raw: string, param: string): QuantityValue {
  const parts = splitEscaped(raw, '|');
  const { prefix, rest } = splitPrefix(parts[0]!);
  const number = parseDecimal(rest);
  if (!number || (parts.length !== 1 && parts.length !== 3)) {
    throw badRequest(
      `Invalid quantity '${raw}' for search parameter '${param}': expected [prefix]number, [prefix]number|system|code or [prefix]number||code`,
    );
  }
  if (parts.length === 1) return { prefix, number };
  const [system, code] = [unescapeValue(parts[1]!), unescapeValue(parts[2]!)];
  return {
    prefix,
    number,
    ...(system ? { system } : {}),
    ...(code ? { code } : {}),
  };
}

interface QuantityElement {
  value?: unknown;
  system?: unknown;
  code?: unknown;
  unit?: unknown;
}

function unitMatches(value: QuantityValue, q: QuantityElement): boolean {
  if (value.system !== undefined) return q.system === value.system && (value.code === undefined || q.code === value.code);
  if (value.code !== undefined) return q.code === value.code || q.unit === value.code;
  return true;
}

/** True when any element (a Quantity) satisfies the value. */
export function matchQuantity(value: QuantityValue, elements: readonly unknown[]): boolean {
  return elements.some((e) => {
    if (e === null || typeof e !== 'object') return false;
    const q = e as QuantityElement;
    return typeof q.value === 'number' && unitMatches(value, q) && compareNumber(value.prefix, value.number, q.value);
  });
}
