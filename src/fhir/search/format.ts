/**
 * The canonical query string of a parsed search, for the `self`, `next` and `previous`
 * links of a searchset Bundle (R4 http.html#search, search.html 3.1.1.1: the self link
 * shows the parameters the server actually used). Criteria keep the client's order and
 * values; result parameters follow in a fixed order, `_count` and `_offset` last. Ignored
 * parameters and criteria the server added itself (`addCriterion`) are left out.
 */
import type { SearchRequest } from './types.js';

/** What `encode` leaves as it is: what `encodeURIComponent` keeps, and `:`, `,` and `/`. */
const AS_IS = /^[\w\-.!~*'():,/]*$/;

/** Percent-encodes, keeping `:`, `,` and `/` readable (they are legal in a query). */
function encode(text: string): string {
  if (AS_IS.test(text)) return text;
  return encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%2F/gi, '/');
}

export function formatSearch(request: SearchRequest, overrides: { offset?: number } = {}): string {
  return pagedSearch(request)(overrides.offset ?? request.offset);
}

/** `formatSearch` for any offset, the rest of the query formatted once (a page's links differ only there). */
export function pagedSearch(request: SearchRequest): (offset: number) => string {
  const pairs: [string, string][] = [];
  for (const c of request.criteria) {
    if (!c.implicit) pairs.push([c.modifier !== undefined ? `${c.name}:${c.modifier}` : c.name, c.raw]);
  }
  if (request.sort.length > 0) {
    pairs.push(['_sort', request.sort.map((s) => `${s.descending ? '-' : ''}${s.name}`).join(',')]);
  }
  for (const [key, specs] of [
    ['_include', request.include],
    ['_revinclude', request.revinclude],
  ] as const) {
    for (const s of specs) {
      pairs.push([s.iterate ? `${key}:iterate` : key, [s.sourceType, s.param, ...(s.targetType ? [s.targetType] : [])].join(':')]);
    }
  }
  if (request.summary !== undefined) pairs.push(['_summary', request.summary]);
  if (request.total !== undefined) pairs.push(['_total', request.total]);
  if (request.elements !== undefined && request.elements.length > 0) pairs.push(['_elements', request.elements.join(',')]);
  if (request.format !== undefined) pairs.push(['_format', request.format]);
  if (request.pretty !== undefined) pairs.push(['_pretty', request.pretty]);
  pairs.push(['_count', String(request.count)]);
  const fixed = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return (offset) => `${fixed}&_offset=${encode(String(offset))}`;
}
