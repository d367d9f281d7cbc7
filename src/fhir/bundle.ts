/**
 * Bundles the API returns: searchset (R4 http.html#search, bundle.html) and history
 * (http.html#history). Links are absolute and work as given.
 */
import type { VersionEntry } from '../store/resource-store.js';
import { etag } from './interactions/headers.js';
import type { StoredResource } from './resource.js';

export interface BundleLink {
  relation: 'self' | 'first' | 'previous' | 'next' | 'last';
  url: string;
}

export interface Bundle {
  resourceType: 'Bundle';
  id?: string;
  meta?: { lastUpdated: string };
  type: 'searchset' | 'history';
  total?: number;
  link: BundleLink[];
  entry?: Record<string, unknown>[];
}

export interface Page {
  offset: number;
  count: number;
  total: number;
}

/** self, first, previous, next, last links for an offset page; `query(offset)` builds each query string. */
export function pageLinks(url: string, page: Page, query: (offset: number) => string): BundleLink[] {
  const link = (relation: BundleLink['relation'], offset: number): BundleLink => {
    const q = query(offset);
    return { relation, url: q ? `${url}?${q}` : url };
  };
  const links = [link('self', page.offset)];
  if (page.count <= 0) return links;
  links.push(link('first', 0));
  if (page.offset > 0) links.push(link('previous', Math.max(0, page.offset - page.count)));
  if (page.offset + page.count < page.total) links.push(link('next', page.offset + page.count));
  const last = page.total === 0 ? 0 : Math.floor((page.total - 1) / page.count) * page.count;
  links.push(link('last', last));
  return links;
}

export function fullUrl(base: string, resource: { resourceType: string; id: string }): string {
  return `${base}/${resource.resourceType}/${resource.id}`;
}

export type SearchEntryMode = 'match' | 'include';

/** A searchset entry: `fullUrl`, `resource`, `search.mode`, in that order. */
export function searchEntry(base: string, resource: StoredResource, mode: SearchEntryMode): Record<string, unknown> {
  return { fullUrl: fullUrl(base, resource), resource, search: { mode } };
}

/**
 * Gives the entry of a stored resource, possibly one made before: such an entry is frozen and
 * shared, and (its resource being a stored version, which never changes) its JSON can be kept.
 */
export type SearchEntries = (base: string, resource: StoredResource, mode: SearchEntryMode) => Record<string, unknown>;

export function searchsetBundle(args: {
  id: string;
  lastUpdated: string;
  base: string;
  matches: readonly StoredResource[];
  includes: readonly StoredResource[];
  total: number | undefined;
  links: BundleLink[];
  outcome?: Record<string, unknown>;
  /** Where entries of stored resources come from (default: made anew). */
  entries?: SearchEntries;
  /** False when `matches` are not stored resources but copies (`_elements`, `_summary`). */
  storedMatches?: boolean;
  storedIncludes?: boolean;
}): Bundle {
  const made: SearchEntries = args.entries ?? searchEntry;
  const forMatches = args.storedMatches === false ? searchEntry : made;
  const forIncludes = args.storedIncludes === false ? searchEntry : made;
  const entry: Record<string, unknown>[] = [];
  for (const resource of args.matches) entry.push(forMatches(args.base, resource, 'match'));
  for (const resource of args.includes) entry.push(forIncludes(args.base, resource, 'include'));
  if (args.outcome) entry.push({ resource: args.outcome, search: { mode: 'outcome' } });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: args.id,
    meta: { lastUpdated: args.lastUpdated },
    type: 'searchset',
    link: args.links,
  };
  if (args.total !== undefined) bundle.total = args.total;
  if (entry.length > 0) bundle.entry = entry;
  return bundle;
}

/**
 * The same Bundle under another `id` and `meta.lastUpdated` (a kept search page answered
 * again): the members in the same order, `link` and `entry` shared with `bundle`.
 */
export function restampedBundle(bundle: Bundle, id: string, lastUpdated: string): Bundle {
  const again: Bundle = { resourceType: 'Bundle', id, meta: { lastUpdated }, type: bundle.type, link: bundle.link };
  if (bundle.total !== undefined) again.total = bundle.total;
  if (bundle.entry !== undefined) again.entry = bundle.entry;
  return again;
}

export function historyBundle(args: {
  id: string;
  lastUpdated: string;
  base: string;
  versions: readonly (VersionEntry & { type: string; id: string })[];
  total: number;
  links: BundleLink[];
}): Bundle {
  const entry = args.versions.map((v) => {
    const url = `${v.type}/${v.id}`;
    const item: Record<string, unknown> = { fullUrl: `${args.base}/${url}` };
    if (v.resource) item.resource = v.resource;
    item.request = { method: v.method, url: v.method === 'POST' ? v.type : url };
    item.response = {
      status: v.method === 'POST' ? '201 Created' : v.method === 'DELETE' ? '204 No Content' : '200 OK',
      etag: etag(v.versionId),
      lastModified: v.lastUpdated,
    };
    return item;
  });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    id: args.id,
    meta: { lastUpdated: args.lastUpdated },
    type: 'history',
    total: args.total,
    link: args.links,
  };
  if (entry.length > 0) bundle.entry = entry;
  return bundle;
}
