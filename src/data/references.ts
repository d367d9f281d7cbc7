/**
 * References between loaded resources: Bundle-local `urn:uuid:` (and other fullUrl) references
 * rewritten to `Type/id`, conditional references (`Practitioner?identifier=system|value`, as
 * Synthea writes them) resolved by identifier, and a check that every relative reference
 * points at a resource of the data set.
 */
import type { Resource } from '../fhir/resource.js';
import type { DataProblem } from './errors.js';
import { originOf } from './origin.js';

type Json = unknown;

/** Calls `visit` for every `reference` string in a value (not inside contained resources). */
function eachReference(value: Json, visit: (holder: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) eachReference(v, visit);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.reference === 'string') visit(obj);
    for (const [k, v] of Object.entries(obj)) if (k !== 'contained' && typeof v === 'object') eachReference(v, visit);
  }
}

/** Rewrites references found in `map` (fullUrl -> `Type/id`) in place. */
export function rewriteReferences(resource: Resource, map: ReadonlyMap<string, string>): void {
  if (map.size === 0) return;
  eachReference(resource, (holder) => {
    const target = map.get(holder.reference as string);
    if (target) holder.reference = target;
  });
}

/** The `urn:` references left in a resource (after its Bundle's fullUrls were rewritten). */
export function unresolvedUrns(resource: Resource): string[] {
  const out: string[] = [];
  eachReference(resource, (holder) => {
    if ((holder.reference as string).startsWith('urn:')) out.push(holder.reference as string);
  });
  return out;
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const CONDITIONAL = /^([A-Z][A-Za-z]+)\?(.+)$/;

function where(r: Resource): Pick<DataProblem, 'file' | 'entry' | 'resource'> {
  const origin = originOf(r);
  return { file: origin?.file ?? '(generated data)', entry: origin?.entry, resource: `${r.resourceType}/${r.id}` };
}

/** `Type|system|value` keys of every identifier of every resource. */
function identifierIndex(resources: readonly Resource[]): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  const add = (key: string, r: Resource): void => {
    const list = index.get(key);
    if (list) {
      if (!list.includes(r)) list.push(r);
    } else index.set(key, [r]);
  };
  for (const r of resources) {
    const identifiers = r.identifier;
    if (!Array.isArray(identifiers)) continue;
    for (const id of identifiers as { system?: unknown; value?: unknown }[]) {
      if (typeof id?.value !== 'string') continue;
      add(`${r.resourceType}||${id.value}`, r);
      if (typeof id.system === 'string') add(`${r.resourceType}|${id.system}|${id.value}`, r);
    }
  }
  return index;
}

/** Resolves `Type?identifier=[system|]value` to `Type/id`, or explains why it cannot. */
function resolveConditional(type: string, query: string, index: Map<string, Resource[]>): string | { error: string } {
  const params = new URLSearchParams(query);
  const identifier = params.get('identifier');
  if ([...params.keys()].length !== 1 || identifier === null) return { error: 'only conditional references by identifier can be resolved' };
  const bar = identifier.indexOf('|');
  const key = bar < 0 ? `${type}||${identifier}` : `${type}|${identifier.slice(0, bar)}|${identifier.slice(bar + 1)}`;
  const matches = index.get(key) ?? [];
  if (matches.length === 0) return { error: `no ${type} has the identifier ${identifier}` };
  if (matches.length > 1) return { error: `${matches.length} resources of type ${type} have the identifier ${identifier}` };
  return `${type}/${(matches[0] as Resource).id}`;
}

/**
 * Checks a whole data set (generated and loaded resources): duplicate ids, conditional
 * references (resolved in place when they match exactly one resource) and relative references
 * that point nowhere. Only loaded resources (those with an origin) are checked; every resource
 * counts as a target. Returns every problem found.
 */
export function checkReferences(resources: readonly Resource[]): DataProblem[] {
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
  let index: Map<string, Resource[]> | undefined;
  for (const r of resources) {
    if (!originOf(r)) continue;
    eachReference(r, (holder) => {
      const reference = holder.reference as string;
      if (reference.startsWith('#')) return;
      const conditional = CONDITIONAL.exec(reference);
      if (conditional) {
        index ??= identifierIndex(resources);
        const resolved = resolveConditional(conditional[1] as string, conditional[2] as string, index);
        if (typeof resolved === 'string') holder.reference = resolved;
        else problems.push({ ...where(r), message: `reference ${reference} cannot be resolved: ${resolved.error}` });
        return;
      }
      if (reference.startsWith('urn:')) {
        problems.push({ ...where(r), message: `reference ${reference} points at no entry of its Bundle` });
        return;
      }
      const relative = RELATIVE.exec(reference);
      if (relative) {
        const target = `${relative[1]}/${relative[2]}`;
        if (!keys.has(target)) problems.push({ ...where(r), message: `reference ${reference} points at no loaded or generated resource` });
      }
      // Absolute URLs point outside this server and are left alone.
    });
  }
  return problems;
}
