/**
 * The entries of a batch or transaction Bundle as requests (R4 bundle.html#transaction),
 * and, for a transaction, the ids its writes will take before any of them runs: the store's
 * next id for a plain create, the matching resource's id for a conditional create or update
 * that matches (R4 http.html#trules), and the URL's id for an update.
 */
import type { SandboxContext } from '../../context.js';
import { badRequest, preconditionFailed } from '../../errors/operation-outcome.js';
import { BodyError, parseJsonText } from '../../http/body.js';
import { criteriaParams, type CriteriaLookup } from '../conditional/criteria.js';
import type { FhirRequest } from '../request.js';
import { rewriteReferences } from '../references/walk.js';
import { routeRequest } from '../route-request.js';
import { versionFromEtag } from './headers.js';
import { JSON_PATCH } from './patch.js';

export interface BundleEntry {
  fullUrl?: string;
  resource?: Record<string, unknown>;
  request?: { method?: string; url?: string; ifMatch?: string; ifNoneExist?: string };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The entries of a Bundle, checked for the shape R4 gives them (bundle.html#resource):
 * each an object; `fullUrl`, `request.method`, `request.url`, `request.ifMatch` and
 * `request.ifNoneExist` strings; `resource` an object. Anything else is a 400 naming the entry.
 */
export function checkEntries(entries: readonly unknown[]): BundleEntry[] {
  entries.forEach((entry, i) => {
    const where = `Bundle.entry[${i}]`;
    if (!isObject(entry)) throw badRequest(`entry ${i} is not an object`, [where]);
    if (entry.fullUrl !== undefined && typeof entry.fullUrl !== 'string') throw badRequest(`entry ${i}: fullUrl must be a string`, [`${where}.fullUrl`]);
    if (entry.resource !== undefined && !isObject(entry.resource)) throw badRequest(`entry ${i}: resource must be a JSON object`, [`${where}.resource`]);
    if (entry.request === undefined) return;
    if (!isObject(entry.request)) throw badRequest(`entry ${i}: request must be an object`, [`${where}.request`]);
    for (const key of ['method', 'url', 'ifMatch', 'ifNoneExist', 'ifNoneMatch', 'ifModifiedSince']) {
      const value = entry.request[key];
      if (value !== undefined && typeof value !== 'string') throw badRequest(`entry ${i}: request.${key} must be a string`, [`${where}.request.${key}`]);
    }
  });
  return entries as BundleEntry[];
}

/** A PATCH entry carries its JSON Patch as a Binary (R4 http.html#patch, "Patch in transactions"). */
function patchBody(entry: BundleEntry, where: string): unknown {
  const binary = entry.resource as { resourceType?: unknown; contentType?: unknown; data?: unknown } | undefined;
  if (binary?.resourceType !== 'Binary' || binary.contentType !== JSON_PATCH || typeof binary.data !== 'string') {
    throw badRequest(`${where}: a PATCH entry carries a Binary with contentType ${JSON_PATCH} and the patch in data`);
  }
  try {
    // Parsed as a request body is: no __proto__ or constructor members, no deep nesting.
    return parseJsonText(Buffer.from(binary.data, 'base64').toString('utf8'));
  } catch (error) {
    if (error instanceof BodyError && error.type !== 'entity.parse.failed') throw badRequest(`${where}: ${error.description}`);
    throw badRequest(`${where}: the Binary's data is not a base64-encoded JSON Patch`);
  }
}

/** The request an entry stands for; its URL is relative to the base or absolute under it. */
export function entryRequest(parent: FhirRequest, entry: BundleEntry, index: number): FhirRequest {
  const method = entry.request?.method?.toUpperCase();
  const url = entry.request?.url;
  const where = `Bundle.entry[${index}].request`;
  if (!method || !url) throw badRequest(`entry ${index}: request.method and request.url are required`, [where]);
  const relative = url.startsWith(`${parent.base}/`) ? url.slice(parent.base.length + 1) : url;
  if (/^[a-z]+:/i.test(relative)) throw badRequest(`entry ${index}: ${url} is not on this server`, [`${where}.url`]);
  const [path, query = ''] = relative.split('?', 2) as [string, string?];
  const route = routeRequest(method, `/${path}`);
  const request: FhirRequest = {
    ...route,
    params: [...new URLSearchParams(query)],
    body: method === 'POST' || method === 'PUT' ? entry.resource : method === 'PATCH' ? patchBody(entry, where) : undefined,
    ifMatch: versionFromEtag(entry.request?.ifMatch),
    strictHandling: parent.strictHandling,
    preferReturn: parent.preferReturn,
    nested: true,
    root: parent.root,
    base: parent.base,
  };
  if (method === 'PATCH') request.contentType = JSON_PATCH;
  const ifNoneExist = entry.request?.ifNoneExist;
  if (typeof ifNoneExist === 'string' && ifNoneExist !== '') request.ifNoneExist = ifNoneExist.replace(/^\?/, '').replace(/^[A-Za-z]+\?/, '');
  return request;
}

/** A copy of an entry's resource with its Bundle-local references rewritten to `Type/id`. */
export function rewrite(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (value === undefined) return value;
  const copy = structuredClone(value);
  rewriteReferences(copy, ids);
  return copy;
}

/**
 * The ids of a transaction's writes, by fullUrl (`ids`, for rewriting references) and by
 * entry index (`assigned`, the id a create takes). `at(i)` is told which entry is being
 * looked at, so a failure names it.
 */
export function reserveIds(
  ctx: SandboxContext,
  parent: FhirRequest,
  entries: readonly BundleEntry[],
  lookup: CriteriaLookup,
  at: (i: number) => void,
): { ids: Map<string, string>; assigned: Map<number, string> } {
  const ids = new Map<string, string>();
  const assigned = new Map<number, string>();
  const sameCriteria = new Map<string, string>();
  entries.forEach((entry, i) => {
    at(i);
    const method = entry.request?.method?.toUpperCase();
    const type = entry.resource?.resourceType;
    if ((method !== 'POST' && method !== 'PUT') || typeof type !== 'string') return;
    const request = entryRequest(parent, entry, i);
    let id: string | undefined;
    const criteria = method === 'POST' ? request.ifNoneExist : request.id === undefined ? new URLSearchParams(request.params).toString() : undefined;
    if (criteria !== undefined && criteria !== '') {
      const key = `${type}?${criteria}`;
      id = sameCriteria.get(key);
      if (id === undefined) {
        const found = lookup(type, criteriaParams(criteria), method === 'POST' ? 'If-None-Exist' : 'Conditional update');
        if (found.total > 1) throw preconditionFailed(`${found.total} ${type} resources match ${criteria}`);
        id = found.matches[0]?.id;
        if (id === undefined && method === 'PUT' && typeof entry.resource?.id === 'string') id = entry.resource.id;
        if (id === undefined) {
          id = ctx.store.newId();
          assigned.set(i, id);
        }
        sameCriteria.set(key, id);
      }
    } else if (method === 'POST') {
      id = ctx.store.newId();
      assigned.set(i, id);
    } else {
      id = request.id;
    }
    if (entry.fullUrl && id !== undefined) ids.set(entry.fullUrl, `${type}/${id}`);
  });
  return { ids, assigned };
}
