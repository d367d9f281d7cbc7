/**
 * What one search request may ask for, so that no single request holds the event loop for
 * long (every search runs synchronously over the in-memory store). R4 search.html leaves
 * such limits to the server; each one refused here is a 400 OperationOutcome with the
 * issue code `too-costly` (R4 valueset-issue-type) that names the limit and its value.
 */
import { OperationOutcomeError } from '../../errors/operation-outcome.js';
import { splitEscaped } from './escape.js';

export const SEARCH_LIMITS = {
  /** Values ORed in one parameter (`code=a,b,c` is 3). */
  orValuesPerParameter: 100,
  /** Values of all parameters of one request together (each value is matched against each candidate). */
  orValuesPerRequest: 1000,
  /** Parameters in one request, query and form together (`_count`, `_sort`, ... included). */
  parametersPerRequest: 50,
  /** `_include` and `_revinclude` together. */
  includes: 10,
  /** Keys of `_sort`. */
  sortKeys: 5,
  /** Characters of the request URL (path and query) of any FHIR request. */
  urlLength: 8192,
  /** Bytes of the form body of POST `[type]/_search`. */
  searchFormBytes: 64 * 1024,
  /**
   * Searches in one batch or transaction: search, history and `$everything` entries, and
   * conditional criteria or references with a chain or `_has` (each runs searches of its own).
   */
  searchesPerBundle: 20,
} as const;

export type SearchLimit = keyof typeof SEARCH_LIMITS;

/** The 400 for a request past `limit`. */
export function limitExceeded(limit: SearchLimit, what: string): OperationOutcomeError {
  return new OperationOutcomeError(400, [
    {
      severity: 'error',
      code: 'too-costly',
      diagnostics: `${what}: the limit is ${SEARCH_LIMITS[limit]} (${limit})`,
    },
  ]);
}

/** Throws a 400 when the parameters of a search ask for more than SEARCH_LIMITS allows. */
export function checkSearchLimits(params: ReadonlyArray<readonly [string, string]>): void {
  if (params.length > SEARCH_LIMITS.parametersPerRequest) {
    throw limitExceeded('parametersPerRequest', `The search has ${params.length} parameters`);
  }
  let includes = 0;
  let total = 0;
  for (const [name, value] of params) {
    if (name === '_include' || name === '_revinclude' || name.startsWith('_include:') || name.startsWith('_revinclude:')) includes++;
    // Commas in a value are cheap to count; split only when there may be too many.
    const commas = countOf(value, ',');
    total += commas + 1;
    if (commas < SEARCH_LIMITS.sortKeys) continue;
    const values = splitEscaped(value, ',').length;
    if (name === '_sort' && values > SEARCH_LIMITS.sortKeys) throw limitExceeded('sortKeys', `_sort has ${values} keys`);
    if (values > SEARCH_LIMITS.orValuesPerParameter) {
      throw limitExceeded('orValuesPerParameter', `The parameter ${name} has ${values} values`);
    }
  }
  if (total > SEARCH_LIMITS.orValuesPerRequest) throw limitExceeded('orValuesPerRequest', `The search has ${total} values in all`);
  if (includes > SEARCH_LIMITS.includes) throw limitExceeded('includes', `The search has ${includes} _include and _revinclude parameters`);
}

function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}
