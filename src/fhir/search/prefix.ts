/** Comparison prefixes of number, date and quantity values (R4 search.html 3.1.1.4.5). */
import type { Prefix } from './types.js';

const PREFIX = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)(?=[0-9+\-.])/;

/** Splits `ge2020` into `ge` and `2020`; no prefix means `eq`. */
export function splitPrefix(value: string): { prefix: Prefix; rest: string } {
  const match = PREFIX.exec(value);
  return match ? { prefix: match[1] as Prefix, rest: value.slice(2) } : { prefix: 'eq', rest: value };
}
