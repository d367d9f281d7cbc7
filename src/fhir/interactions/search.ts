/**
 * search-type over GET and POST `_search` (R4 http.html#search, search.html): parse the
 * parameters into a SearchRequest, run it over the store, and page the result in a
 * searchset Bundle whose links repeat the parsed (canonical) query.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../context.js';
import { outcome } from '../../errors/operation-outcome.js';
import { pageLinks, searchsetBundle } from '../bundle.js';
import type { FhirRequest, FhirResult } from '../request.js';
import type { StoredResource } from '../resource.js';
import { executeSearch, formatSearch, parseSearch, type SearchRequest } from '../search/index.js';

export interface SearchHooks {
  /** Narrows the parsed request (e.g. to a patient's compartment) before it runs. */
  constrain?: (search: SearchRequest) => void;
  /** Access-control predicate applied to matches and included resources alike. */
  filter?: (resource: Readonly<StoredResource>) => boolean;
}

export function search(ctx: SandboxContext, request: FhirRequest, hooks: SearchHooks = {}): FhirResult {
  const type = request.resourceType!;
  const parsed = parseSearch(type, request.params, {
    strict: request.strictHandling,
    defaultCount: ctx.options.defaultPageSize,
    maxCount: ctx.options.maxPageSize,
  });
  // Links repeat what the client asked for; constraints are applied again on every page.
  const asked = hooks.constrain ? structuredClone(parsed) : parsed;
  hooks.constrain?.(parsed);
  const result = executeSearch(ctx.store, parsed, hooks.filter ? { filter: hooks.filter } : undefined);
  const url = `${request.base}/${type}`;
  const ignored = parsed.ignored;
  const notice =
    ignored.length > 0
      ? outcome([
          {
            severity: 'warning',
            code: 'not-supported',
            diagnostics: `Ignored unknown search parameter(s): ${ignored.join(', ')}`,
          },
        ])
      : undefined;
  return {
    status: 200,
    body: searchsetBundle({
      id: randomUUID(),
      lastUpdated: new Date(ctx.clock.now()).toISOString(),
      base: request.base,
      matches: result.matches,
      includes: result.includes,
      total: result.total,
      links: pageLinks(url, { offset: result.offset, count: result.count, total: result.total }, (offset) =>
        formatSearch(asked, { offset }),
      ),
      outcome: notice as Record<string, unknown> | undefined,
    }),
  };
}
