/**
 * Search value escaping (R4 search.html 3.1.1.6 "Escaping Search Parameters"): `,` separates
 * OR values, `|` separates token and quantity parts, `$` separates composite parts; a
 * backslash makes any of them (and itself) literal.
 */
const ESCAPABLE = new Set(['\\', ',', '|', '$']);

/** Splits on unescaped `separator`; the pieces keep their escapes. */
export function splitEscaped(value: string, separator: ',' | '|' | '$'): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length && ESCAPABLE.has(value[i + 1]!)) {
      current += ch + value[i + 1]!;
      i++;
    } else if (ch === separator) {
      pieces.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  pieces.push(current);
  return pieces;
}

/** Removes the escaping backslashes. */
export function unescapeValue(value: string): string {
  return value.replace(/\\([\\,|$])/g, '$1');
}
