/**
 * The search behind every conditional interaction (R4 http.html#ccreate, #cond-update,
 * #cdelete, and conditional references in transactions, #trules): criteria parsed by the
 * search engine, never widened (a parameter that cannot be applied fails with 400), and run
 * through the caller's access filter, so a conditional write never sees, matches or reveals
 * a resource its token could not read.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import type { ResourceStore } from '../../store/resource-store.js';
import type { SearchHooks } from '../interactions/search.js';
import type { StoredResource } from '../resource.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { executeSearch, parseSearch } from '../search/index.js';

/** What a criteria search found: at most two matches (enough to tell 0, 1 and many apart) and the total. */
export interface CriteriaMatches {
  matches: Readonly<StoredResource>[];
  total: number;
}

/** Finds the resources of `type` that match `params` for one caller. */
export type CriteriaLookup = (type: string, params: [string, string][], what: string) => CriteriaMatches;

const RESULT_PARAMS = new Set(['_count', '_offset', '_sort', '_include', '_revinclude', '_summary', '_total', '_elements', '_format', '_pretty', '_contained', '_containedType']);

/** Query parameters of a criteria string (`identifier=a|b&name=x`, with or without a leading `?`). */
export function criteriaParams(query: string): [string, string][] {
  return [...new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)];
}

/**
 * Runs criteria over a store. `what` names the operation in error messages; `now` is the
 * time the `ap` prefix is relative to (the sandbox clock). Throws 400 when
 * the criteria are empty, hold a result parameter, or hold a parameter the engine cannot
 * apply (unknown, unsupported, or without a value).
 */
export function findMatches(
  store: ResourceStore,
  type: string,
  params: [string, string][],
  what: string,
  now: number,
  hooks: SearchHooks = {},
): CriteriaMatches {
  if (!R4_RESOURCE_TYPES.has(type)) throw badRequest(`${what}: '${type}' is not a FHIR R4 resource type`);
  const criteria = params.filter(([name]) => name !== '_format' && name !== '_pretty');
  if (criteria.length === 0) throw badRequest(`${what} needs search criteria`);
  const result = criteria.find(([name]) => RESULT_PARAMS.has(name.split(':')[0]!));
  if (result) throw badRequest(`${what}: '${result[0]}' is not a criterion (only search parameters select resources)`);
  let parsed;
  try {
    parsed = parseSearch(type, criteria, { strict: true, defaultCount: 2, maxCount: 2, now });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badRequest(`${what}: ${message.replace(/ \(Prefer: handling=strict\)$/, '')}`);
  }
  if (parsed.ignored.length > 0) throw badRequest(`${what}: '${parsed.ignored.join("', '")}' cannot be applied (no value?)`);
  hooks.constrain?.(parsed);
  const found = executeSearch(store, parsed, hooks.filter ? { filter: hooks.filter } : undefined);
  return { matches: found.matches, total: found.total };
}
