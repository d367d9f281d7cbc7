/**
 * Number comparison for number and quantity search (R4 search.html 3.1.1.4.4 and 3.1.1.4.5).
 * A search value has the range its precision implies (`100` is [99.5, 100.5), `5.40` is
 * [5.395, 5.405)); a stored value is a point ("the precision of the numbers is considered
 * arbitrarily high"). Prefixes:
 * - `eq` the point lies in the range, `ne` it does not;
 * - `gt`/`lt` the point is above/below the stated value; `ge`/`le` add `eq`;
 * - `sa`/`eb` the point is above/below the whole range;
 * - `ap` the point is within 10% of the stated value (R4's recommended margin).
 */
import { splitPrefix } from './prefix.js';
import type { Decimal, NumberValue, Prefix } from './types.js';

const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal and its precision range; undefined when it is not a number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [, sign, int, frac = '', exp = '0'] = m;
  // value = digits * 10^-scale; the range is half a unit of the last digit either side.
  const digits = BigInt(`${sign}${int}${frac}`);
  const scale = frac.length - Number(exp);
  const at = (n: bigint): number => Number(`${n}e${-(scale + 1)}`);
  return { value: Number(text), lo: at(digits * 10n - 5n), hi: at(digits * 10n + 5n) };
}

/** Compares a stored number with a search decimal by prefix. */
export function compareNumber(prefix: Prefix, search: Decimal, target: number): boolean {
  const eq = search.lo <= target && target < search.hi;
  switch (prefix) {
    case 'eq':
      return eq;
    case 'ne':
      return !eq;
    case 'gt':
      return target > search.value;
    case 'lt':
      return target < search.value;
    case 'ge':
      return target > search.value || eq;
    case 'le':
      return target < search.value || eq;
    case 'sa':
      return target >= search.hi;
    case 'eb':
      return target < search.lo;
    case 'ap':
      return search.value === 0 ? eq : Math.abs(target - search.value) <= Math.abs(search.value) / 10;
  }
}

/** Parses `[prefix]number`; undefined when the number is malformed. */
export function parseNumberValue(raw: string): NumberValue | undefined {
  const { prefix, rest } = splitPrefix(raw);
  const number = parseDecimal(rest);
  return number ? { prefix, number } : undefined;
}

/** True when any element (a number) satisfies the value. */
export function matchNumber(value: NumberValue, elements: readonly unknown[]): boolean {
  return elements.some((e) => typeof e === 'number' && compareNumber(value.prefix, value.number, e));
}
