/**
 * batch and transaction (R4 http.html#transaction). Each entry runs through the same
 * handler as a direct request, so it is validated and access-checked alike. A batch
 * answers each entry on its own; a transaction is all or nothing: creates get their ids
 * first, `urn:uuid:` references are rewritten to them, entries run in the order DELETE,
 * POST, PUT, GET, and any failure undoes every write and fails the whole request.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../context.js';
import { badRequest, OperationOutcomeError, serverError } from '../../errors/operation-outcome.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { routeRequest } from '../route-request.js';

interface BundleEntry {
  fullUrl?: string;
  resource?: Record<string, unknown>;
  request?: { method?: string; url?: string; ifMatch?: string };
}

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK',
  201: '201 Created',
  204: '204 No Content',
};
const ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, GET: 3, HEAD: 3 };

function entriesOf(body: unknown): { type: 'batch' | 'transaction'; entries: BundleEntry[] } {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | undefined;
  if (!bundle || bundle.resourceType !== 'Bundle') throw badRequest('POST to the FHIR base takes a Bundle of type batch or transaction');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw badRequest(`Bundle.type must be batch or transaction (got ${JSON.stringify(bundle.type)})`, ['Bundle.type']);
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) throw badRequest('Bundle.entry must be an array', ['Bundle.entry']);
  return { type: bundle.type, entries: (bundle.entry ?? []) as BundleEntry[] };
}

/** The request an entry stands for; its URL is relative to the base or absolute under it. */
function entryRequest(parent: FhirRequest, entry: BundleEntry, index: number): FhirRequest {
  const method = entry.request?.method?.toUpperCase();
  const url = entry.request?.url;
  const where = `Bundle.entry[${index}].request`;
  if (!method || !url) throw badRequest(`entry ${index}: request.method and request.url are required`, [where]);
  const relative = url.startsWith(`${parent.base}/`) ? url.slice(parent.base.length + 1) : url;
  if (/^[a-z]+:/i.test(relative)) throw badRequest(`entry ${index}: ${url} is not on this server`, [`${where}.url`]);
  const [path, query = ''] = relative.split('?', 2) as [string, string?];
  const route = routeRequest(method, `/${path}`);
  return {
    ...route,
    params: [...new URLSearchParams(query)],
    body: method === 'POST' || method === 'PUT' ? entry.resource : undefined,
    ifMatch: entry.request?.ifMatch?.replace(/^W\//, '').replace(/"/g, ''),
    strictHandling: parent.strictHandling,
    preferReturn: parent.preferReturn,
    nested: true,
    root: parent.root,
    base: parent.base,
  };
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

/** Replaces every `reference` equal to a key of `ids` (at any depth). */
function rewrite(value: unknown, ids: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, ids));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === 'reference' && typeof child === 'string' && ids.has(child) ? ids.get(child) : rewrite(child, ids);
  }
  return out;
}

function transaction(ctx: SandboxContext, parent: FhirRequest, entries: BundleEntry[], handle: (r: FhirRequest) => FhirResult): unknown[] {
  const ids = new Map<string, string>();
  const assigned = new Map<number, string>();
  entries.forEach((entry, i) => {
    if (entry.request?.method?.toUpperCase() === 'POST' && entry.fullUrl?.startsWith('urn:uuid:')) {
      const type = entry.resource?.resourceType;
      const id = randomUUID();
      assigned.set(i, id);
      if (typeof type === 'string') ids.set(entry.fullUrl, `${type}/${id}`);
    }
  });
  const order = entries
    .map((entry, i) => {
      const request = entryRequest(parent, { ...entry, resource: rewrite(entry.resource, ids) as BundleEntry['resource'] }, i);
      const rank = ORDER[entry.request!.method!.toUpperCase()] ?? 3;
      return { i, rank, request: { ...request, assignedId: assigned.get(i) } };
    })
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  const results = new Array<unknown>(entries.length);
  ctx.store.atomically(() => {
    for (const { i, request } of order) {
      try {
        results[i] = responseEntry(handle(request));
      } catch (error) {
        if (!(error instanceof OperationOutcomeError)) throw error;
        throw new OperationOutcomeError(
          error.status,
          error.outcome.issue.map((issue) => ({ ...issue, diagnostics: `transaction entry ${i} failed, nothing was changed: ${issue.diagnostics ?? issue.code}` })),
        );
      }
    }
  });
  return results;
}

export function bundleInteraction(ctx: SandboxContext, request: FhirRequest, handle: (r: FhirRequest) => FhirResult): FhirResult {
  const { type, entries } = entriesOf(request.body);
  const results =
    type === 'transaction'
      ? transaction(ctx, request, entries, handle)
      : entries.map((entry, i) => {
          try {
            return responseEntry(handle(entryRequest(request, entry, i)));
          } catch (error) {
            return failedEntry(error);
          }
        });
  return {
    status: 200,
    body: {
      resourceType: 'Bundle',
      id: randomUUID(),
      type: `${type}-response`,
      link: [{ relation: 'self', url: request.base }],
      entry: results,
    },
  };
}
