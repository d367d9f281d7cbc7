/**
 * `sb.store`: the resource store of the sandbox for test code, without HTTP. Reads and
 * writes are the FHIR API's own (R4 http.html semantics: versions, history, 404 and 410 as
 * OperationOutcomeError), every write emits `store.change`, and two additions: `search`
 * with FHIR search parameters, and `load` of resources or a Bundle.
 */
import { randomUUID } from 'node:crypto';
import { rewriteReferences } from '../data/references.js';
import { cloneResource, type Resource, type StoredResource } from '../fhir/resource.js';
import { executeSearch, parseSearch } from '../fhir/search/index.js';
import type { Clock } from '../clock.js';
import type { ResourceStore } from '../store/resource-store.js';

/** A FHIR Bundle (any type): the resources of its entries are loaded. */
export interface BundleInput {
  resourceType: 'Bundle';
  entry?: { fullUrl?: string; resource?: Resource }[];
  [key: string]: unknown;
}

/** Search parameters as a FHIR query string, an object (arrays repeat a parameter) or pairs. */
export type SearchParams = string | URLSearchParams | Record<string, string | number | (string | number)[]> | [string, string][];

export interface SandboxStore extends Omit<ResourceStore, 'load'> {
  /** Every match of a FHIR search (R4 search.html), as copies, across all pages; `_include`d resources follow the matches. */
  search(type: string, params?: SearchParams): StoredResource[];
  /**
   * Loads resources as they are, or a Bundle's entries (`urn:uuid:` fullUrls become the
   * resources' ids and references to them are rewritten). Ids are kept; a resource without
   * one gets a UUID.
   */
  load(input: Iterable<Resource> | BundleInput): void;
}

function pairs(params: SearchParams | undefined): [string, string][] {
  if (params === undefined) return [];
  if (typeof params === 'string') return [...new URLSearchParams(params.replace(/^\?/, ''))];
  if (params instanceof URLSearchParams || Array.isArray(params)) return [...params].map(([k, v]) => [k, String(v)]);
  return Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]));
}

function bundleResources(bundle: BundleInput): Resource[] {
  const map = new Map<string, string>();
  const resources: Resource[] = [];
  for (const entry of bundle.entry ?? []) {
    if (!entry.resource) continue;
    const resource = cloneResource(entry.resource);
    const urn = /^urn:uuid:(.+)$/.exec(entry.fullUrl ?? '')?.[1];
    resource.id ??= urn && /^[A-Za-z0-9\-.]{1,64}$/.test(urn) ? urn : randomUUID();
    if (entry.fullUrl) map.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
    resources.push(resource);
  }
  for (const resource of resources) rewriteReferences(resource, map);
  return resources;
}

export function sandboxStore(store: ResourceStore, clock: Clock): SandboxStore {
  return {
    ...store,
    search(type, params) {
      const given = pairs(params);
      const all = Number.MAX_SAFE_INTEGER;
      const parsed = parseSearch(type, given, { strict: false, defaultCount: all, maxCount: all, now: clock.now() });
      const result = executeSearch(store, parsed);
      return [...result.matches, ...result.includes].map((r) => cloneResource(r));
    },
    load(input) {
      const isBundle = (v: unknown): v is BundleInput => (v as { resourceType?: unknown }).resourceType === 'Bundle';
      // Copies: the caller may change its objects later, and a stored version never changes (its JSON is kept).
      const resources = isBundle(input) ? bundleResources(input) : [...input].map((r) => ({ ...cloneResource(r), id: r.id ?? randomUUID() }));
      store.load(resources);
    },
  };
}
