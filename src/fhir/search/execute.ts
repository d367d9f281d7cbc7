/**
 * Runs a parsed search over a store (R4 search.html): candidates, criteria, the access
 * filter, `_sort`, the page (`_offset`, `_count`), `_summary=count`, and the includes of
 * the page. Candidates come from the store's indexes whenever a criterion allows it: `_id`
 * reads the resources directly, and a reference criterion with concrete ids takes the
 * resources that refer to them from `referencesTo`, so `Observation?patient=X` costs the
 * same however many other patients there are. Otherwise the whole type is scanned.
 */
import type { StoredResource } from '../resource.js';
import type { ResourceStore } from '../../store/resource-store.js';
import { matchCriterion } from './criterion.js';
import { collectIncludes, type ResourceFilter } from './include.js';
import { candidateKeys } from './reference.js';
import { needsResolution, resolveCriteria } from './resolve.js';
import { sortResources } from './sort.js';
import type { Criterion, SearchRequest } from './types.js';

export interface SearchResult {
  /** This page's matches, in order (the store's own objects, not copies). */
  matches: StoredResource[];
  /** Matches of all pages, after the filter. */
  total: number;
  /** Resources included by `_include`/`_revinclude` for this page; not among `matches`. */
  includes: StoredResource[];
  offset: number;
  count: number;
}

interface Candidates {
  size: number;
  load: () => Readonly<StoredResource>[];
}

/** Candidates from the index for one criterion, or undefined when it cannot use one. */
function indexed(store: ResourceStore, type: string, c: Criterion): Candidates | undefined {
  if (c.kind === 'token' && c.definition.name === '_id' && c.definition.type === 'Resource' && c.mode === 'code') {
    const ids = c.values.flatMap((v) => (v.code !== undefined ? [v.code] : []));
    return {
      size: ids.length,
      load: () => ids.flatMap((id) => store.peek(type, id) ?? []),
    };
  }
  if (c.kind !== 'reference') return undefined;
  const keys: string[] = [];
  for (const value of c.values) {
    const more = candidateKeys(c.definition, value, () => store.types());
    if (!more) return undefined;
    keys.push(...more);
  }
  const prefix = `${type}/`;
  let size = 0;
  for (const key of keys) size += store.referencesTo(key).size + (c.self ? 1 : 0);
  return {
    size,
    load: () => {
      const found = new Set<string>();
      for (const key of keys) {
        if (c.self && key.startsWith(prefix)) found.add(key);
        for (const ref of store.referencesTo(key)) if (ref.startsWith(prefix)) found.add(ref);
      }
      return [...found].flatMap((k) => store.peek(type, k.slice(prefix.length)) ?? []);
    },
  };
}

/** The candidates of a search in creation order: the smallest indexed set, else all of the type. */
function candidates(store: ResourceStore, type: string, criteria: readonly Criterion[]): Readonly<StoredResource>[] {
  let best: Candidates | undefined;
  for (const c of criteria) {
    const option = indexed(store, type, c);
    if (option && (!best || option.size < best.size)) best = option;
  }
  if (!best) return [...store.all(type)];
  const found = best.load();
  const order = new Map(found.map((r) => [r, store.order(type, r.id)]));
  return found.sort((a, b) => order.get(a)! - order.get(b)!);
}

/**
 * Every match of a search, filtered and sorted (no paging). Chains and `_has` are first
 * resolved with inner searches under the same filter.
 */
export function matchAll(
  store: ResourceStore,
  request: Pick<SearchRequest, 'type' | 'criteria' | 'sort'>,
  filter?: ResourceFilter,
): Readonly<StoredResource>[] {
  const criteria = needsResolution(request.criteria)
    ? resolveCriteria(request.type, request.criteria, (type, inner) => matchAll(store, { type, criteria: inner, sort: [] }, filter))
    : request.criteria;
  const matched = candidates(store, request.type, criteria).filter(
    (r) => criteria.every((c) => matchCriterion(c, r)) && (!filter || filter(r)),
  );
  if (request.sort.length > 0) sortResources(store, matched, request.sort);
  return matched;
}

/**
 * Executes a search. `filter` is an access predicate: it is applied to matches before
 * they are counted and paged, and to included resources. With `_summary=count` no
 * resources are returned, only the total.
 */
export function executeSearch(
  store: ResourceStore,
  request: SearchRequest,
  options: { filter?: ResourceFilter } = {},
): SearchResult {
  const { filter } = options;
  const matched = matchAll(store, request, filter);
  return pageResult(store, request, matched as StoredResource[], filter);
}

/** The page of `matched` that the request asks for, with its includes. */
export function pageResult(
  store: ResourceStore,
  request: SearchRequest,
  matched: readonly StoredResource[],
  filter?: ResourceFilter,
): SearchResult {
  const base = { total: matched.length, offset: request.offset, count: request.count };
  if (request.summary === 'count') return { ...base, matches: [], includes: [] };
  const matches = matched.slice(request.offset, request.offset + request.count);
  return { ...base, matches, includes: collectIncludes(store, request, matches, filter) };
}
