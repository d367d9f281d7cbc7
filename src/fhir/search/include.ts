/**
 * `_include` and `_revinclude` (R4 search.html 3.1.1.5.4) for the matches of one page:
 * `_include=Type:param[:Target]` adds what the matches refer to through `param` (`*`: any
 * reference parameter); `_revinclude=Type:param[:Target]` adds the `Type` resources that
 * refer to a match through `param`, found with the store's reference index; with
 * `:iterate` they apply to included resources as well. Included resources are
 * deduplicated, never repeat a match, and pass the access filter.
 */
import type { StoredResource } from '../resource.js';
import type { ResourceStore } from '../../store/resource-store.js';
import { findSearchParameter, referenceParametersOf } from './definitions.js';
import { evaluatePaths } from './paths.js';
import { referenceKeys } from './reference.js';
import type { IncludeSpec, SearchParameterDefinition, SearchRequest } from './types.js';

export type ResourceFilter = (resource: Readonly<StoredResource>) => boolean;

const keyOf = (r: Readonly<StoredResource>): string => `${r.resourceType}/${r.id}`;

function paramsOf(spec: IncludeSpec): SearchParameterDefinition[] {
  if (spec.param === '*') return referenceParametersOf(spec.sourceType);
  const def = findSearchParameter(spec.sourceType, spec.param);
  return def ? [def] : [];
}

/** The `Type/id` keys `resource` refers to through the spec's parameters. */
function refersTo(resource: Readonly<StoredResource>, spec: IncludeSpec): string[] {
  const keys = paramsOf(spec).flatMap((def) => referenceKeys(def, evaluatePaths(resource, def.paths)));
  return spec.targetType ? keys.filter((k) => k.startsWith(`${spec.targetType}/`)) : keys;
}

export function collectIncludes(
  store: ResourceStore,
  request: SearchRequest,
  matches: readonly Readonly<StoredResource>[],
  filter?: ResourceFilter,
): StoredResource[] {
  if (request.include.length === 0 && request.revinclude.length === 0) return [];
  const seen = new Set(matches.map(keyOf));
  const out: StoredResource[] = [];
  const add = (resource: Readonly<StoredResource> | undefined): void => {
    if (!resource || seen.has(keyOf(resource)) || (filter && !filter(resource))) return;
    seen.add(keyOf(resource));
    out.push(resource);
  };
  const expand = (resource: Readonly<StoredResource>, includes: readonly IncludeSpec[], revincludes: readonly IncludeSpec[]): void => {
    for (const spec of includes) {
      if (spec.sourceType !== resource.resourceType) continue;
      for (const key of refersTo(resource, spec)) {
        const slash = key.indexOf('/');
        add(store.peek(key.slice(0, slash), key.slice(slash + 1)));
      }
    }
    const target = keyOf(resource);
    for (const spec of revincludes) {
      if (spec.targetType !== undefined && spec.targetType !== resource.resourceType) continue;
      const prefix = `${spec.sourceType}/`;
      const ids = [...store.referencesTo(target)].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
      ids.sort((a, b) => store.order(spec.sourceType, a) - store.order(spec.sourceType, b));
      for (const id of ids) {
        const source = store.peek(spec.sourceType, id);
        if (source && refersTo(source, spec).includes(target)) add(source);
      }
    }
  };
  for (const match of matches) expand(match, request.include, request.revinclude);
  // `:iterate` (R4 search.html 3.1.1.5.4): apply those specs to what was included, until
  // nothing new appears (each resource is added once, so this ends).
  const includes = request.include.filter((s) => s.iterate);
  const revincludes = request.revinclude.filter((s) => s.iterate);
  if (includes.length === 0 && revincludes.length === 0) return out;
  for (let done = 0; done < out.length; done++) expand(out[done]!, includes, revincludes);
  return out;
}
