/**
 * URI search (R4 search.html 3.1.1.4.13): exact, case-sensitive match; `:below` matches
 * values that start with the search value, `:above` values the search value starts with.
 */
export type UriMode = 'exact' | 'below' | 'above';

export function matchUri(mode: UriMode, values: readonly string[], elements: readonly unknown[]): boolean {
  return elements.some(
    (e) =>
      typeof e === 'string' &&
      values.some((v) => (mode === 'exact' ? e === v : mode === 'below' ? e.startsWith(v) : v.startsWith(e))),
  );
}
