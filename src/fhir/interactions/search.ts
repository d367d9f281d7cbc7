/**
 * search-type over GET and POST `_search` (R4 http.html#search, search.html): parse the
 * parameters into a SearchRequest, run it over the store, and page the result in a
 * searchset Bundle whose links repeat the parsed (canonical) query.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../context.js';
import { outcome } from '../../errors/operation-outcome.js';
import { pageLinks, restampedBundle, searchsetBundle, type Bundle, type BundleLink } from '../bundle.js';
import type { FhirRequest, FhirResult } from '../request.js';
import type { StoredResource } from '../resource.js';
import { subsetterFor } from '../search/elements.js';
import { dependsOnClock, searchKey } from '../search/cache.js';
import { pageBytes, pageTail, type KeptPage } from '../search/page-cache.js';
import { matchAll, pageResult } from '../search/execute.js';
import { pagedSearch } from '../search/format.js';
import { parseSearch, type SearchRequest, type SearchResult } from '../search/index.js';

export interface SearchHooks {
  /** Narrows the parsed request (e.g. to a patient's compartment) before it runs. */
  constrain?: (search: SearchRequest) => void;
  /** Access-control predicate applied to matches and included resources alike. */
  filter?: (resource: Readonly<StoredResource>) => boolean;
  /**
   * True when, for resources of the searched type, `filter` admits exactly what the criteria
   * `constrain` adds admit (a patient compartment): matches then need no second check.
   */
  filterImplied?: boolean;
  /**
   * Describes everything `constrain` and `filter` depend on: two requests with the same key
   * are narrowed and filtered alike, so their matches may be kept and shared (cache.ts).
   * Absent: the matches under these hooks are not kept.
   */
  accessKey?: string;
}

/** The parse options of a search request: strict handling, page sizes, the sandbox clock. */
export function searchOptions(ctx: SandboxContext, request: FhirRequest): Parameters<typeof parseSearch>[2] {
  return {
    strict: request.strictHandling,
    defaultCount: ctx.options.defaultPageSize,
    maxCount: ctx.options.maxPageSize,
    now: ctx.clock.now(),
  };
}

/**
 * The searchset Bundle of a result: `_summary`/`_elements` applied, the ignored parameters
 * in an OperationOutcome entry, and paging links (only `self` for `_summary=count`).
 */
export function searchsetResult(
  ctx: SandboxContext,
  request: FhirRequest,
  url: string,
  parsed: SearchRequest,
  result: SearchResult,
  query: (offset: number) => string,
): FhirResult {
  const ignored = parsed.ignored;
  const notice =
    ignored.length > 0
      ? outcome([
          {
            severity: 'warning',
            code: 'not-supported',
            diagnostics: `Ignored search parameter(s) unknown to this server and to FHIR R4, or without a value: ${ignored.join(', ')}`,
          },
        ])
      : undefined;
  const page = { offset: result.offset, count: result.count, total: result.total };
  const links: BundleLink[] =
    parsed.summary === 'count' ? pageLinks(url, { ...page, count: 0 }, query) : pageLinks(url, page, query);
  const forMatches = subsetterFor(parsed, true);
  const forIncludes = subsetterFor(parsed, false);
  return {
    status: 200,
    body: searchsetBundle({
      id: randomUUID(),
      lastUpdated: ctx.searchCache.instant(ctx.clock.now()),
      base: request.base,
      // A subsetted copy keeps its id and meta.
      matches: forMatches ? result.matches.map((r) => forMatches(r) as StoredResource) : result.matches,
      includes: forIncludes ? result.includes.map((r) => forIncludes(r) as StoredResource) : result.includes,
      entries: ctx.searchCache.entry,
      storedMatches: !forMatches,
      storedIncludes: !forIncludes,
      total: result.total,
      links,
      outcome: notice as Record<string, unknown> | undefined,
    }),
  };
}

/**
 * The key of a search's finished page (page-cache.ts): everything its bytes depend on besides
 * the store's generation and the clock. The parameters as written decide the criteria, the
 * page, `_include`, `_summary`, `_elements`, `_total` and the links alike.
 */
function pageKey(request: FhirRequest, accessKey: string): string {
  return JSON.stringify([accessKey, request.base, request.resourceType, request.strictHandling, request.params]);
}

/** A kept page answered again, under its own Bundle id and time. */
function keptResult(ctx: SandboxContext, page: KeptPage): FhirResult {
  const id = randomUUID();
  const lastUpdated = ctx.searchCache.instant(ctx.clock.now());
  return { status: 200, body: restampedBundle(page.bundle, id, lastUpdated), json: pageBytes(page, id, lastUpdated) };
}

export function search(ctx: SandboxContext, request: FhirRequest, hooks: SearchHooks = {}): FhirResult {
  const type = request.resourceType!;
  const options = searchOptions(ctx, request);
  const generation = ctx.store.generation();
  // A page is kept for requests of its own (a batch entry's Bundle is written inside another).
  const keyOfPage = hooks.accessKey !== undefined && request.nested !== true ? pageKey(request, hooks.accessKey) : undefined;
  if (keyOfPage !== undefined) {
    const kept = ctx.searchCache.pages.get(keyOfPage, generation, options.now);
    if (kept) return keptResult(ctx, kept);
  }
  const parsed = parseSearch(type, request.params, options);
  // Links repeat what the client asked for (formatted now: constraints add criteria of their own).
  const query = pagedSearch(parsed);
  const clock = parsed.criteria.some(dependsOnClock) ? options.now : undefined;
  const key = hooks.accessKey !== undefined ? searchKey(parsed, hooks.accessKey, options.now) : undefined;
  let matched = key !== undefined ? ctx.searchCache.get(key, generation) : undefined;
  hooks.constrain?.(parsed);
  if (!matched) {
    matched = matchAll(ctx.store, parsed, hooks.filter, hooks.filterImplied);
    if (key !== undefined) ctx.searchCache.set(key, generation, matched);
  }
  const result = pageResult(ctx.store, parsed, matched as StoredResource[], hooks.filter);
  const answer = searchsetResult(ctx, request, `${request.base}/${type}`, parsed, result, query);
  if (keyOfPage !== undefined && ctx.searchCache.pages.wants(keyOfPage)) {
    const bundle = answer.body as Bundle;
    answer.keep = (json) => {
      const tail = pageTail(json, bundle.id!, bundle.meta!.lastUpdated);
      if (tail) ctx.searchCache.pages.set(keyOfPage, generation, clock === undefined ? { tail, bundle } : { tail, bundle, clock });
    };
  }
  return answer;
}
