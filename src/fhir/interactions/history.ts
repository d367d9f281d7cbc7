/** Instance, type and system history (R4 http.html#history), paged with `_count` and `_offset`. */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../context.js';
import { badRequest } from '../../errors/operation-outcome.js';
import { historyBundle, pageLinks } from '../bundle.js';
import { requireVisible, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import type { FhirRequest, FhirResult } from '../request.js';

const KNOWN = new Set(['_count', '_offset', '_since', '_at', '_format', '_pretty', '_summary', '_elements']);

function nonNegative(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw badRequest(`${name} must be a non-negative whole number (got '${value}')`);
  return Number(value);
}

export function history(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const params = new Map<string, string>();
  for (const [name, value] of request.params) {
    if (!KNOWN.has(name)) {
      if (request.strictHandling) throw badRequest(`Unknown history parameter '${name}'`);
      continue;
    }
    params.set(name, value);
  }
  const count = Math.min(nonNegative('_count', params.get('_count'), ctx.options.defaultPageSize), ctx.options.maxPageSize);
  const offset = nonNegative('_offset', params.get('_offset'), 0);
  const since = params.get('_since');
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw badRequest(`_since must be an instant (got '${since}')`);

  const type = request.resourceType;
  let versions =
    request.interaction === 'history-instance'
      ? ctx.store.history(type!, request.id!).map((v) => ({ ...v, type: type!, id: request.id! }))
      : ctx.store.typeHistory(type);
  if (request.interaction === 'history-instance') {
    const latest = versions.find((v) => v.resource)?.resource;
    if (latest) requireVisible(access, latest);
  } else {
    // A deletion shows only to tokens that could see what was deleted.
    const seen = new Map<string, boolean>();
    for (const v of [...versions].reverse()) {
      const key = `${v.type}/${v.id}`;
      if (v.resource) seen.set(key, access.visibleAny(v.resource));
    }
    versions = versions.filter((v) => (v.resource ? access.visibleAny(v.resource) : seen.get(`${v.type}/${v.id}`) === true));
  }
  if (since !== undefined) {
    const t = Date.parse(since);
    versions = versions.filter((v) => Date.parse(v.lastUpdated) >= t);
  }
  const path = request.interaction === 'history-instance' ? `${type}/${request.id}/_history` : type ? `${type}/_history` : '_history';
  const url = `${request.base}/${path}`;
  const query = (at: number): string => {
    const q = new URLSearchParams();
    if (since !== undefined) q.set('_since', since);
    q.set('_count', String(count));
    if (at > 0) q.set('_offset', String(at));
    return q.toString();
  };
  return {
    status: 200,
    body: historyBundle({
      id: randomUUID(),
      lastUpdated: new Date(ctx.clock.now()).toISOString(),
      base: request.base,
      versions: versions.slice(offset, offset + count),
      total: versions.length,
      links: pageLinks(url, { offset, count, total: versions.length }, query),
    }),
  };
}
