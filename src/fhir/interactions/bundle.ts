/**
 * batch and transaction (R4 http.html#transaction). Each entry runs through the same
 * handler as a direct request, so it is validated and access-checked alike. A batch
 * answers each entry on its own. A transaction is all or nothing (R4 http.html#trules):
 * creates and conditional writes get their ids first (a conditional create that matches
 * takes the existing id), `urn:uuid:` references are rewritten to them, entries run in the
 * order DELETE, POST, PUT/PATCH, GET, conditional references are resolved as each entry
 * runs, references are checked once every entry has run, and any failure undoes every
 * write and fails the whole request.
 */
import type { SandboxContext } from '../../context.js';
import { badRequest, OperationOutcomeError, serverError } from '../../errors/operation-outcome.js';
import type { CriteriaLookup } from '../conditional/criteria.js';
import { resolveConditionalReferences } from '../references/conditional.js';
import { requireReferencesResolve } from '../references/integrity.js';
import { limitExceeded, SEARCH_LIMITS } from '../search/limits.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { checkEntries, entryRequest, reserveIds, rewrite, type BundleEntry } from './bundle-entries.js';

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK',
  201: '201 Created',
  204: '204 No Content',
};
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

function entriesOf(body: unknown): { type: 'batch' | 'transaction'; entries: BundleEntry[] } {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | undefined;
  if (!bundle || bundle.resourceType !== 'Bundle') throw badRequest('POST to the FHIR base takes a Bundle of type batch or transaction');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw badRequest(`Bundle.type must be batch or transaction (got ${JSON.stringify(bundle.type)})`, ['Bundle.type']);
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) throw badRequest('Bundle.entry must be an array', ['Bundle.entry']);
  return { type: bundle.type, entries: checkEntries((bundle.entry ?? []) as unknown[]) };
}

function responseEntry(result: FhirResult): Record<string, unknown> {
  const headers = result.headers ?? {};
  const response: Record<string, unknown> = { status: STATUS_TEXT[result.status] ?? String(result.status) };
  if (headers.Location) response.location = headers.Location;
  if (headers.ETag) response.etag = headers.ETag;
  if (headers['Last-Modified']) response.lastModified = new Date(headers['Last-Modified']).toISOString();
  const body = result.body as { resourceType?: string } | undefined;
  if (body?.resourceType === 'OperationOutcome' && result.status >= 400) {
    response.outcome = body;
    return { response };
  }
  return body ? { resource: body, response } : { response };
}

function failedEntry(error: unknown): Record<string, unknown> {
  const outcome = error instanceof OperationOutcomeError ? error : serverError();
  return { response: { status: String(outcome.status), outcome: outcome.outcome } };
}

/** Prefixes every issue of a failed entry with its index: the whole transaction failed because of it. */
function entryFailure(error: OperationOutcomeError, i: number | undefined): OperationOutcomeError {
  const where = i === undefined ? 'transaction failed' : `transaction entry ${i} failed`;
  return new OperationOutcomeError(
    error.status,
    error.outcome.issue.map((issue) => ({ ...issue, diagnostics: `${where}, nothing was changed: ${issue.diagnostics ?? issue.code}` })),
    error.headers,
  );
}

/**
 * Resolves the conditional references of an entry's resource against the server as the entry
 * runs (R4 http.html#trules), so earlier entries' writes count; 400 when one does not resolve.
 * A batch does the same, entry by entry, so Synthea's hospital and practitioner batches load.
 */
function withResolvedReferences(request: FhirRequest, lookup: CriteriaLookup): FhirRequest {
  if (request.interaction !== 'create' && request.interaction !== 'update') return request;
  const problems = request.body ? resolveConditionalReferences(request.body, lookup) : [];
  if (problems.length > 0) throw badRequest(problems.join('; '));
  return request;
}

function transaction(
  ctx: SandboxContext,
  parent: FhirRequest,
  entries: BundleEntry[],
  handle: (r: FhirRequest, lookup: CriteriaLookup) => FhirResult,
  lookup: CriteriaLookup,
): unknown[] {
  const deferredChecks: { resourceType: string; id?: string }[] = [];
  const results = new Array<unknown>(entries.length);
  ctx.store.atomically(() => {
    let current: number | undefined;
    try {
      const { ids, assigned } = reserveIds(ctx, parent, entries, lookup, (i) => (current = i));
      current = undefined;
      const order = entries
        .map((entry, i) => {
          const request = entryRequest(parent, { ...entry, resource: rewrite(entry.resource, ids) as BundleEntry['resource'] }, i);
          const rank = ORDER[entry.request!.method!.toUpperCase()] ?? 3;
          return { i, rank, request: { ...request, assignedId: assigned.get(i), deferredChecks } };
        })
        .sort((a, b) => a.rank - b.rank || a.i - b.i);
      for (const { i, request } of order) {
        current = i;
        results[i] = responseEntry(handle(withResolvedReferences(request, lookup), lookup));
      }
      current = undefined;
      if (ctx.options.referentialIntegrity) {
        for (const resource of deferredChecks) requireReferencesResolve(ctx.store, resource, parent.base);
      }
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      throw entryFailure(error, current);
    }
  });
  return results;
}

const SEARCHES = new Set(['search-type', 'search-system', 'history-type', 'history-system', 'history-instance', 'everything']);

/**
 * A Bundle runs many requests in one, so the searches of all its entries share one budget
 * (SEARCH_LIMITS.searchesPerBundle): the search-like entries are counted before anything
 * runs; criteria with a chain or `_has` are counted as they run. Plain criteria (Synthea's
 * `identifier=` conditions) are not counted.
 */
function searchBudget(parent: FhirRequest, entries: readonly BundleEntry[], lookup: CriteriaLookup): CriteriaLookup {
  let searches = 0;
  const charge = (): void => {
    if (++searches > SEARCH_LIMITS.searchesPerBundle) {
      throw limitExceeded('searchesPerBundle', `The Bundle runs more than ${SEARCH_LIMITS.searchesPerBundle} searches`);
    }
  };
  entries.forEach((entry, i) => {
    let interaction;
    try {
      interaction = entryRequest(parent, entry, i).interaction;
    } catch {
      return; // a malformed entry fails on its own when it runs
    }
    if (SEARCHES.has(interaction)) charge();
  });
  return (type, params, what) => {
    if (params.some(([name]) => name.includes('.') || name.startsWith('_has:'))) charge();
    return lookup(type, params, what);
  };
}

export function bundleInteraction(
  ctx: SandboxContext,
  request: FhirRequest,
  handle: (r: FhirRequest, lookup: CriteriaLookup) => FhirResult,
  allLookups: CriteriaLookup,
): FhirResult {
  const { type, entries } = entriesOf(request.body);
  const lookup = searchBudget(request, entries, allLookups);
  const results =
    type === 'transaction'
      ? transaction(ctx, request, entries, handle, lookup)
      : entries.map((entry, i) => {
          try {
            return responseEntry(handle(withResolvedReferences(entryRequest(request, entry, i), lookup), lookup));
          } catch (error) {
            return failedEntry(error);
          }
        });
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      id: ctx.store.newId(),
      type: `${type}-response`,
      link: [{ relation: 'self', url: request.base }],
      entry: results,
    },
  };
}
