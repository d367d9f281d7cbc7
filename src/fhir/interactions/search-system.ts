/**
 * search-system (R4 http.html#search, search.html 3.1.1.6 `_type`): `GET [base]?_type=Patient,Observation&...`
 * searches several types at once, or every type that has data when `_type` is absent. Each
 * parameter must apply to every searched type: one known to some types only is a 400,
 * never a silent widening. Each type is checked against the token on its own; a type
 * named in `_type` that the token may not search is a 403, an unnamed one is skipped.
 * Results come type by type in `_type` order (creation order within a type), or by `_sort`
 * over the common parameters (`_id`, `_lastUpdated`, ...).
 */
import type { SandboxContext } from '../../context.js';
import { badRequest } from '../../errors/operation-outcome.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import type { StoredResource } from '../resource.js';
import { matchAll, pageResult } from '../search/execute.js';
import { formatSearch, parseSearch, type SearchRequest } from '../search/index.js';
import { sortResources } from '../search/sort.js';
import { searchOptions, searchsetResult, type SearchHooks } from './search.js';

/** The access hooks for a type, undefined when the token may not search it (and it was not named). */
export type AccessFor = (type: string, named: boolean) => SearchHooks | undefined;

function parseTypes(params: readonly [string, string][], stored: readonly string[]): { types: string[]; named: boolean } {
  const given = params.filter(([k]) => k === '_type');
  if (given.length === 0) return { types: [...stored].sort(), named: false };
  const types = [...new Set(given.flatMap(([, v]) => v.split(',')).filter((t) => t !== ''))];
  const bad = types.find((t) => !R4_RESOURCE_TYPES.has(t));
  if (bad !== undefined) throw badRequest(`Invalid _type: '${bad}' is not a FHIR R4 resource type`);
  if (types.length === 0) throw badRequest('_type needs at least one resource type');
  return { types, named: true };
}

/** Parses the parameters for each type; a parameter ignored on some types only is refused. */
function parseEach(types: readonly string[], params: [string, string][], options: Parameters<typeof parseSearch>[2]): SearchRequest[] {
  for (const [key] of params) {
    if (key.startsWith('_include') || key.startsWith('_revinclude')) throw badRequest(`${key} is not supported on a system-level search`);
  }
  const parsed = types.map((type) => parseSearch(type, params, options));
  for (const key of new Set(parsed.flatMap((p) => p.ignored))) {
    const without = types.filter((_, i) => parsed[i]!.ignored.includes(key));
    if (without.length < types.length) throw badRequest(`Search parameter '${key}' is not defined on ${without.join(', ')}: it must apply to every searched type`);
  }
  const sort = parsed[0]?.sort ?? [];
  const typed = sort.find((s) => s.definition.type !== 'Resource');
  if (typed && types.length > 1) throw badRequest(`_sort '${typed.name}' is not a parameter common to every type: only _id, _lastUpdated, ... sort a system-level search`);
  return parsed;
}

export function searchSystem(ctx: SandboxContext, request: FhirRequest, accessFor: AccessFor): FhirResult {
  const { types, named } = parseTypes(request.params, ctx.store.types());
  const params = request.params.filter(([k]) => k !== '_type');
  const parsed = parseEach(types, params, searchOptions(ctx, request));
  const first = parsed[0] ?? parseSearch('Resource', params, searchOptions(ctx, request));
  const asked = structuredClone(first);
  const matched: StoredResource[] = [];
  types.forEach((type, i) => {
    const hooks = accessFor(type, named);
    if (!hooks) return;
    const search = parsed[i]!;
    hooks.constrain?.(search);
    matched.push(...(matchAll(ctx.store, search, hooks.filter, hooks.filterImplied) as StoredResource[]));
  });
  if (first.sort.length > 0 && types.length > 1) sortResources(ctx.store, matched, first.sort);
  const result = pageResult(ctx.store, first, matched);
  const typeQuery = named ? `_type=${types.join(',')}&` : '';
  return searchsetResult(ctx, request, request.base, first, result, (offset) => typeQuery + formatSearch(asked, { offset }));
}
