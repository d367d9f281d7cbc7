/** Shared helpers for the search tests: a small store and one-line searches. */
import assert from 'node:assert/strict';
import { createManualClock, type ManualClock } from '../../../src/clock.js';
import { OperationOutcomeError } from '../../../src/errors/operation-outcome.js';
import type { Resource } from '../../../src/fhir/resource.js';
import {
  executeSearch,
  parseSearch,
  type ResourceFilter,
  type SearchOptions,
  type SearchRequest,
} from '../../../src/fhir/search/index.js';
import type { SearchResult } from '../../../src/fhir/search/execute.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { ResourceStore } from '../../../src/store/resource-store.js';

export const OPTIONS: SearchOptions = { strict: false, defaultCount: 50, maxCount: 100, now: Date.now() };

export interface Fixture {
  store: ResourceStore;
  clock: ManualClock;
}

/** A memory store holding `resources` (each with its id), created in the given order. */
export function makeStore(resources: (Resource & { id: string })[]): Fixture {
  const clock = createManualClock(new Date('2024-01-01T00:00:00Z'));
  const store = createMemoryStore({ clock });
  for (const r of resources) store.create(r, { id: r.id });
  return { store, clock };
}

/** Query string (decoded like a server would) to parameter pairs. */
export function pairs(query: string): Array<[string, string]> {
  return [...new URLSearchParams(query).entries()];
}

export function parse(type: string, query: string, options: Partial<SearchOptions> = {}): SearchRequest {
  return parseSearch(type, pairs(query), { ...OPTIONS, ...options });
}

export function run(
  store: ResourceStore,
  type: string,
  query: string,
  options: Partial<SearchOptions> & { filter?: ResourceFilter } = {},
): SearchResult {
  const { filter, ...parseOptions } = options;
  return executeSearch(store, parse(type, query, parseOptions), filter ? { filter } : {});
}

/** The ids of the matches, in result order. */
export function ids(store: ResourceStore, type: string, query: string, options: Partial<SearchOptions> = {}): string[] {
  return run(store, type, query, options).matches.map((r) => r.id);
}

/** Asserts that `fn` throws a 400 OperationOutcomeError whose message contains every fragment. */
export function assert400(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OperationOutcomeError, `expected an OperationOutcomeError, got ${String(err)}`);
    assert.equal(err.status, 400);
    assert.equal(err.outcome.resourceType, 'OperationOutcome');
    for (const f of fragments) assert.ok(err.message.includes(f), `'${err.message}' should mention '${f}'`);
    return true;
  });
}
