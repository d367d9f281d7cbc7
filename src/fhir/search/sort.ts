/**
 * `_sort` (R4 search.html 3.1.1.5.3): a comma list of parameters, `-` for descending.
 * A resource with several values sorts by its lowest one ascending and its highest one
 * descending (dates by the start of their range ascending and the end descending);
 * resources without a value come last either way; ties keep creation order, so pages
 * are stable.
 */
import type { StoredResource } from '../resource.js';
import type { ResourceStore } from '../../store/resource-store.js';
import { elementRanges } from './date.js';
import { evaluatePaths } from './paths.js';
import { referenceKeys } from './reference.js';
import { normalizeText, stringParts } from './string.js';
import { tokenFacts } from './token.js';
import type { SortSpec } from './types.js';

type Key = string | number;

/** The sortable values of a resource for one spec. */
function sortValues(spec: SortSpec, resource: Readonly<StoredResource>): Key[] {
  const def = spec.definition;
  const elements = evaluatePaths(resource, def.paths);
  switch (def.kind) {
    case 'string':
      return elements.flatMap(stringParts).map(normalizeText);
    case 'token':
      return elements.flatMap(tokenFacts).flatMap((f) => (f.code !== undefined ? [f.code] : []));
    case 'reference':
      return referenceKeys(def, elements);
    case 'date':
      return elements.flatMap(elementRanges).map((r) => (spec.descending ? r.hi : r.lo));
    case 'quantity':
      return elements.flatMap((e) => {
        const v = e !== null && typeof e === 'object' ? (e as { value?: unknown }).value : undefined;
        return typeof v === 'number' ? [v] : [];
      });
    case 'number':
      return elements.filter((e): e is number => typeof e === 'number');
    case 'uri':
      return elements.filter((e): e is string => typeof e === 'string');
    case 'composite':
      return [];
  }
}

function sortKey(spec: SortSpec, resource: Readonly<StoredResource>): Key | undefined {
  const values = sortValues(spec, resource);
  if (values.length === 0) return undefined;
  return values.reduce((best, v) => ((spec.descending ? v > best : v < best) ? v : best));
}

/** Sorts in place by the specs, then by creation order. */
export function sortResources(
  store: ResourceStore,
  resources: Readonly<StoredResource>[],
  specs: readonly SortSpec[],
): void {
  const decorated = resources.map((r) => ({
    r,
    keys: specs.map((s) => sortKey(s, r)),
    order: store.order(r.resourceType, r.id),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < specs.length; i++) {
      const [x, y] = [a.keys[i], b.keys[i]];
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
        continue;
      }
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      if (cmp !== 0) return specs[i]!.descending ? -cmp : cmp;
    }
    return a.order - b.order;
  });
  decorated.forEach((d, i) => (resources[i] = d.r));
}
