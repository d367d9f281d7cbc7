/**
 * The searchset cache of one sandbox: the matches of a search (after its criteria, the access
 * filter and `_sort`, before paging), kept so that asking the same search again, or for
 * another page of it, does not run it again. A search is the same when its resource type,
 * its criteria as written, its `_sort`, the access it runs under and (for a search whose
 * result depends on the clock, such as a date with the `ap` prefix, R4 search.html 3.1.1.4.5)
 * the sandbox clock's time are the same.
 *
 * Every entry belongs to one generation of the store (ResourceStore.generation): any write,
 * delete, load, undone transaction or reset moves the generation and so empties the cache.
 * The cache is bounded by a number of searches and a number of kept matches (each is one
 * reference to a stored resource); the least recently used search goes first.
 */
import type { SearchEntries } from '../bundle.js';
import type { StoredResource } from '../resource.js';
import { createInstantFormatter } from './instant.js';
import { PageCache } from './page-cache.js';
import type { Criterion, SearchRequest } from './types.js';

export interface SearchCacheLimits {
  /** Searches kept at most. */
  entries: number;
  /** Matches kept at most over all searches; a search with more than a quarter of this is not kept. */
  matches: number;
}

interface MadeEntry {
  base: string;
  entry: Record<string, unknown>;
}

export const SEARCH_CACHE_LIMITS: SearchCacheLimits = { entries: 256, matches: 200_000 };

export interface SearchCache {
  /** The matches kept under `key` while the store is at `generation`, if any. */
  get(key: string, generation: number): readonly Readonly<StoredResource>[] | undefined;
  /** Keeps `matches` under `key` for the store's `generation` (unless they are too many). */
  set(key: string, generation: number, matches: readonly Readonly<StoredResource>[]): void;
  /** How much is kept now. */
  size(): { entries: number; matches: number };
  /**
   * The searchset entry of a stored resource version (bundle.ts), frozen and made once per
   * version, base URL and mode, so that its JSON is made once too (fhir/http/serialize.ts).
   * Held weakly by the resource: an entry goes when its version goes.
   */
  entry: SearchEntries;
  /** The finished pages of recent searches, as bytes (page-cache.ts). */
  pages: PageCache;
  /** A clock time as an ISO 8601 instant, as `toISOString` writes it (instant.ts). */
  instant: (ms: number) => string;
}

export function createSearchCache(limits: SearchCacheLimits = SEARCH_CACHE_LIMITS, pageBytes?: number): SearchCache {
  /** Per stored version and mode, the entry last made and the base URL it was made for. */
  const entries = new WeakMap<object, { match?: MadeEntry; include?: MadeEntry }>();
  /** Insertion order is use order: a hit is moved to the end. */
  const kept = new Map<string, readonly Readonly<StoredResource>[]>();
  let at = -1;
  let matches = 0;
  const forgetOthers = (generation: number): void => {
    if (generation === at) return;
    kept.clear();
    matches = 0;
    at = generation;
  };
  return {
    get(key, generation) {
      forgetOthers(generation);
      const found = kept.get(key);
      if (found) {
        kept.delete(key);
        kept.set(key, found);
      }
      return found;
    },
    set(key, generation, list) {
      forgetOthers(generation);
      if (list.length > limits.matches / 4 || limits.entries <= 0) return;
      const before = kept.get(key);
      if (before) {
        kept.delete(key);
        matches -= before.length;
      }
      kept.set(key, list);
      matches += list.length;
      while (kept.size > limits.entries || matches > limits.matches) {
        const [oldest, dropped] = kept.entries().next().value as [string, readonly Readonly<StoredResource>[]];
        kept.delete(oldest);
        matches -= dropped.length;
      }
    },
    size: () => ({ entries: kept.size, matches }),
    pages: new PageCache(pageBytes),
    instant: createInstantFormatter(),
    entry(base, resource, mode) {
      let known = entries.get(resource);
      if (!known) entries.set(resource, (known = {}));
      let made = known[mode];
      if (made === undefined || made.base !== base) {
        const search = Object.freeze({ mode });
        made = { base, entry: Object.freeze({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search }) };
        known[mode] = made;
      }
      return made.entry;
    },
  };
}

/** True when a criterion's matches depend on the time it is asked at (the `ap` date prefix, relative to now). */
export function dependsOnClock(c: Criterion): boolean {
  switch (c.kind) {
    case 'date':
      return c.values.some((v) => v.prefix === 'ap');
    case 'composite':
      return c.values.some((parts) => parts.some(dependsOnClock));
    case 'chain':
      return c.targets.some((t) => dependsOnClock(t.criterion));
    case 'has':
      return dependsOnClock(c.inner);
    default:
      return false;
  }
}

/**
 * The cache key of a search's matches: type, criteria as written, `_sort`, the access
 * (`access`: a description of everything the request's constraint and filter depend on) and,
 * for a search relative to now, `now`. Paging, `_include`, `_summary` and `_elements` are not
 * part of it: they shape the page, not the matches.
 */
export function searchKey(request: Pick<SearchRequest, 'type' | 'criteria' | 'sort'>, access: string, now: number): string {
  const criteria = request.criteria.map((c) => [c.name, c.modifier ?? null, c.raw, c.implicit === true]);
  const sort = request.sort.map((s) => `${s.descending ? '-' : ''}${s.name}`);
  const clock = request.criteria.some(dependsOnClock) ? now : null;
  return JSON.stringify([request.type, criteria, sort, access, clock]);
}
