/**
 * Runs a parsed search over a store (R4 search.html): candidates, criteria, the access
 * filter, `_sort`, the page (`_offset`, `_count`), `_summary=count`, and the includes of
 * the page. Candidates come from the store's indexes whenever a criterion allows it: `_id`
 * reads the resources directly, and a reference criterion with concrete ids takes the
 * resources that refer to them through that very parameter from the store's per-parameter
 * index, in creation order, so `Observation?patient=X` costs the same however many other
 * patients there are, needs no sort, and is not checked again on each match. Otherwise the
 * whole type is scanned.
 */
import type { StoredResource } from '../resource.js';
import type { ReferenceIndex, ResourceStore } from '../../store/resource-store.js';
import { matchCriterion } from './criterion.js';
import { collectIncludes, type ResourceFilter } from './include.js';
import { evaluatePaths } from './paths.js';
import { candidateKeys, referenceKeys } from './reference.js';
import { needsResolution, resolveCriteria } from './resolve.js';
import { sortResources } from './sort.js';
import type { Criterion, SearchParameterDefinition, SearchRequest } from './types.js';

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

/**
 * The resources an index gives for one criterion, in creation order: `size` of them at most,
 * read by `load`; `exact` when they are exactly the criterion's matches.
 */
interface Indexed {
  size: number;
  load: () => readonly Readonly<StoredResource>[];
  exact: boolean;
}

/** The index of one reference parameter's references, as the store keeps it (named by what it finds). */
export function referenceIndex(def: SearchParameterDefinition): ReferenceIndex {
  return {
    name: `${def.paths.join('|')}>${def.targets?.join(',') ?? '*'}`,
    keysOf: (resource) => referenceKeys(def, evaluatePaths(resource, def.paths)),
  };
}

/** `list` and `more` merged in creation order, each resource once. */
function mergeInOrder(store: ResourceStore, type: string, list: readonly Readonly<StoredResource>[], more: readonly Readonly<StoredResource>[]): Readonly<StoredResource>[] {
  const all = [...new Set([...list, ...more])];
  const order = new Map(all.map((r) => [r, store.order(type, r.id)]));
  return all.sort((a, b) => order.get(a)! - order.get(b)!);
}

/**
 * Candidates from an index for one criterion, or undefined when it cannot use one. A
 * reference criterion whose values all name a target type (or whose parameter names its
 * targets) is answered exactly by the store's per-parameter index: its matches need no
 * second look. `_id` reads the resources directly.
 */
function indexed(store: ResourceStore, type: string, c: Criterion): Indexed | undefined {
  if (c.kind === 'token' && c.definition.name === '_id' && c.definition.type === 'Resource' && c.mode === 'code') {
    const ids = c.values.flatMap((v) => (v.code !== undefined ? [v.code] : []));
    return {
      size: ids.length,
      load: () => {
        const found = ids.flatMap((id) => store.peek(type, id) ?? []);
        return found.length > 1 ? mergeInOrder(store, type, found, []) : found;
      },
      exact: false,
    };
  }
  if (c.kind !== 'reference') return undefined;
  const keys: string[] = [];
  let exact = true;
  const selfIds: string[] = [];
  for (const value of c.values) {
    const more = candidateKeys(c.definition, value, () => store.types());
    if (!more) return undefined;
    // A bare id of a parameter without declared targets may name a type with no resources here.
    if (value.type === undefined && !c.definition.targets) exact = false;
    if (c.self && value.type === type && value.id !== undefined) selfIds.push(value.id);
    keys.push(...more);
  }
  const index = referenceIndex(c.definition);
  return {
    size: store.countReferencing(type, index, keys) + selfIds.length,
    load: () => {
      const list = store.referencing(type, index, keys);
      const self = selfIds.flatMap((id) => store.peek(type, id) ?? []);
      return self.length > 0 ? mergeInOrder(store, type, list, self) : list;
    },
    exact,
  };
}

/**
 * The candidates that are among `members` (an exact index's result), in the candidates' order.
 * Two indexes often give the very same list (`patient=X` and the patient compartment a
 * `patient/` token adds): a common start is taken as it is, without a set.
 */
function keepMembers(candidates: readonly Readonly<StoredResource>[], members: readonly Readonly<StoredResource>[]): readonly Readonly<StoredResource>[] {
  const same = Math.min(candidates.length, members.length);
  let i = 0;
  while (i < same && candidates[i] === members[i]) i++;
  if (i === candidates.length) return candidates;
  const set = new Set(members);
  const kept = candidates.slice(0, i);
  for (; i < candidates.length; i++) if (set.has(candidates[i]!)) kept.push(candidates[i]!);
  return kept;
}

/**
 * The candidates, and the test of each criterion on a candidate: membership of an exact
 * index's result where that is cheaper than matching (applied to the candidates at once),
 * `matchCriterion` otherwise; none for the criterion whose exact index gave the candidates.
 */
function candidatesAndTests(
  store: ResourceStore,
  type: string,
  criteria: readonly Criterion[],
): { candidates: readonly Readonly<StoredResource>[]; tests: ((r: Readonly<StoredResource>) => boolean)[] } {
  const options = criteria.map((c) => indexed(store, type, c));
  let best = -1;
  for (const [i, option] of options.entries()) {
    if (option && (best < 0 || option.size < options[best]!.size)) best = i;
  }
  let candidates = best >= 0 ? options[best]!.load() : [...store.all(type)];
  const tests: ((r: Readonly<StoredResource>) => boolean)[] = [];
  for (const [i, c] of criteria.entries()) {
    const option = options[i];
    if (i === best && option!.exact) continue;
    if (option?.exact && option.size <= 4 * candidates.length) candidates = keepMembers(candidates, option.load());
    else tests.push((r) => matchCriterion(c, r));
  }
  return { candidates, tests };
}

/**
 * Every match of a search, filtered and sorted (no paging). Chains and `_has` are first
 * resolved with inner searches under the same filter. `filterImplied`: the criteria already
 * admit only what `filter` admits of this type (a patient compartment constraint under
 * `patient/` scopes), so the filter need not run on the matches again.
 */
export function matchAll(
  store: ResourceStore,
  request: Pick<SearchRequest, 'type' | 'criteria' | 'sort'>,
  filter?: ResourceFilter,
  filterImplied = false,
): Readonly<StoredResource>[] {
  const criteria = needsResolution(request.criteria)
    ? resolveCriteria(request.type, request.criteria, (type, inner) => matchAll(store, { type, criteria: inner, sort: [] }, filter))
    : request.criteria;
  const { candidates, tests } = candidatesAndTests(store, request.type, criteria);
  const check = filter && !filterImplied ? [...tests, filter] : tests;
  let matched: Readonly<StoredResource>[];
  // An exact index that answered every criterion: its candidates are the matches.
  if (check.length === 0) matched = candidates.slice();
  else {
    matched = [];
    for (const r of candidates) if (check.every((test) => test(r))) matched.push(r);
  }
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
  options: { filter?: ResourceFilter; filterImplied?: boolean } = {},
): SearchResult {
  const { filter } = options;
  const matched = matchAll(store, request, filter, options.filterImplied);
  return pageResult(store, request, matched as StoredResource[], filter);
}

/** The page of `matched` that the request asks for, with its includes. */
export function pageResult(
  store: ResourceStore,
  request: SearchRequest,
  matched: readonly StoredResource[],
  filter?: ResourceFilter,
): SearchResult {
  const { offset, count } = request;
  if (request.summary === 'count') return { matches: [], total: matched.length, includes: [], offset, count };
  const matches = matched.slice(offset, offset + count);
  return { matches, total: matched.length, includes: collectIncludes(store, request, matches, filter), offset, count };
}
