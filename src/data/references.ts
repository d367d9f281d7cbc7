/**
 * References between loaded resources: Bundle-local `urn:uuid:` (and other fullUrl) references
 * rewritten to `Type/id`, conditional references (`Practitioner?identifier=system|value`, as
 * Synthea writes them) resolved by the same criteria search and resolver as FHIR transactions,
 * and a check that every relative reference
 * points at a resource of the data set.
 */
import { findMatches, type CriteriaLookup } from '../fhir/conditional/criteria.js';
import { conditionalReference, missingTargetHint, resolveConditional } from '../fhir/references/conditional.js';
import { eachReference } from '../fhir/references/walk.js';
export { rewriteReferences } from '../fhir/references/walk.js';
import type { Resource } from '../fhir/resource.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { ResourceStore } from '../store/resource-store.js';
import type { DataProblem } from './errors.js';
import { originOf } from './origin.js';

/** The `urn:` references left in a resource (after its Bundle's fullUrls were rewritten). */
export function unresolvedUrns(resource: Resource): string[] {
  const out: string[] = [];
  eachReference(resource, (holder) => {
    if ((holder.reference as string).startsWith('urn:')) out.push(holder.reference as string);
  });
  return out;
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

function where(r: Resource): Pick<DataProblem, 'file' | 'entry' | 'resource'> {
  const origin = originOf(r);
  return { file: origin?.file ?? '(generated data)', entry: origin?.entry, resource: `${r.resourceType}/${r.id}` };
}

/** A store over a data set, only to run criteria searches on it (the objects are not copied). */
export function lookupStore(resources: Iterable<Resource>): ResourceStore {
  const store = createMemoryStore({ clock: { now: () => 0 } });
  store.load(resources);
  return store;
}

/**
 * Criteria searches over a data set, as the FHIR API runs them over the live store. Data is
 * loaded before any sandbox clock runs, so `ap` criteria are relative to the time of loading.
 */
export function dataLookup(store: ResourceStore, now = Date.now()): CriteriaLookup {
  return (type, params, what) => findMatches(store, type, params, what, now);
}

/**
 * Checks a whole data set (generated and loaded resources): duplicate ids, conditional
 * references (resolved in place when they match exactly one resource) and relative references
 * that point nowhere. Only loaded resources (those with an origin) are checked; every resource
 * counts as a target. Returns every problem found.
 */
export function checkReferences(resources: readonly Resource[], lookup?: CriteriaLookup): DataProblem[] {
  const problems: DataProblem[] = [];
  const keys = new Map<string, Resource>();
  for (const r of resources) {
    const key = `${r.resourceType}/${r.id}`;
    const first = keys.get(key);
    if (first && (originOf(r) || originOf(first))) {
      const other = where(first);
      problems.push({ ...where(r), message: `duplicate id: ${key} is also in ${[other.file, other.entry].filter(Boolean).join(', ')}` });
    } else if (!first) keys.set(key, r);
  }
  let find = lookup;
  const resolved = new Map<string, string | { error: string }>();
  for (const r of resources) {
    if (!originOf(r)) continue;
    eachReference(r, (holder) => {
      const reference = holder.reference as string;
      if (reference.startsWith('#')) return;
      if (conditionalReference(reference)) {
        find ??= dataLookup(lookupStore(resources));
        let target = resolved.get(reference);
        if (target === undefined) {
          target = resolveConditional(reference, find);
          resolved.set(reference, target);
        }
        if (typeof target === 'string') holder.reference = target;
        else problems.push({ ...where(r), message: `reference ${reference} cannot be resolved: ${target.error}` });
        return;
      }
      if (reference.startsWith('urn:')) {
        problems.push({ ...where(r), message: `reference ${reference} points at no entry of its Bundle` });
        return;
      }
      const relative = RELATIVE.exec(reference);
      if (relative) {
        const target = `${relative[1]}/${relative[2]}`;
        if (!keys.has(target)) {
          problems.push({ ...where(r), message: `reference ${reference} points at no loaded or generated resource${missingTargetHint(relative[1] as string)}` });
        }
      }
      // Absolute URLs point outside this server and are left alone.
    });
  }
  return problems;
}
