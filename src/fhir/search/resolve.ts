/**
 * Resolves chains and `_has` (R4 search.html 3.1.1.4.13-14) into simple criteria before a
 * search runs: a chain becomes a reference criterion on the ids of the matching targets,
 * `_has` an `_id` criterion on the ids the matching sources refer to. Both then use the
 * store's indexes like any `patient=` or `_id=` search. The inner searches run through
 * `run`, which applies the request's access filter: a resource the token may not see
 * never makes another one match.
 */
import type { StoredResource } from '../resource.js';
import { evaluatePaths } from './paths.js';
import { referenceKeys } from './reference.js';
import type { Criterion, ReferenceValue } from './types.js';

/** Runs a search of `type` with `criteria` under the request's access filter. */
export type RunSearch = (type: string, criteria: Criterion[]) => readonly Readonly<StoredResource>[];

/** True when some criterion must be resolved first (a cheap test for plain searches). */
export function needsResolution(criteria: readonly Criterion[]): boolean {
  return criteria.some((c) => c.kind === 'chain' || c.kind === 'has');
}

function resolveOne(type: string, c: Criterion, run: RunSearch): Criterion {
  const { name, raw, implicit } = c;
  const base = { name, raw, ...(implicit ? { implicit } : {}) };
  if (c.kind === 'chain') {
    const values: ReferenceValue[] = [];
    for (const target of c.targets) {
      for (const r of run(target.type, [target.criterion])) values.push({ type: r.resourceType, id: r.id });
    }
    return { ...base, kind: 'reference', definition: c.definition, values };
  }
  if (c.kind === 'has') {
    const prefix = `${type}/`;
    const ids = new Set<string>();
    for (const source of run(c.sourceType, [c.inner])) {
      for (const key of referenceKeys(c.reference, evaluatePaths(source, c.reference.paths))) {
        if (key.startsWith(prefix)) ids.add(key.slice(prefix.length));
      }
    }
    return { ...base, kind: 'token', mode: 'code', definition: c.definition, values: [...ids].map((code) => ({ code })) };
  }
  return c;
}

/** The criteria with every chain and `_has` resolved (a new array; the request is unchanged). */
export function resolveCriteria(type: string, criteria: readonly Criterion[], run: RunSearch): Criterion[] {
  return criteria.map((c) => resolveOne(type, c, run));
}
