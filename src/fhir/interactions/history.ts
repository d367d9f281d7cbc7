/**
 * Instance, type and system history (R4 http.html#history), paged with `_count` and `_offset`,
 * narrowed by `_since` (versions made at or after an instant) and `_at` (versions that were
 * current at some point during a date or dateTime, at its precision). `_summary` and
 * `_elements` are refused rather than ignored.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../context.js';
import { badRequest } from '../../errors/operation-outcome.js';
import { historyBundle, pageLinks } from '../bundle.js';
import { requireVisible, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { dateRange } from '../search/date.js';
import type { TimeRange } from '../search/types.js';
import type { VersionEntry } from '../../store/resource-store.js';

const KNOWN = new Set(['_count', '_offset', '_since', '_at', '_format', '_pretty']);
const REFUSED = new Set(['_summary', '_elements', '_list', '_sort']);

function nonNegative(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw badRequest(`${name} must be a non-negative whole number (got '${value}')`);
  return Number(value);
}

/**
 * The versions that were current at some point during `range`: each version is current from
 * its own time until the next version of the same resource (R4 http.html#history, `_at`).
 * `versions` is newest first.
 */
function currentDuring<V extends VersionEntry & { type: string; id: string }>(versions: V[], range: TimeRange): V[] {
  const newer = new Map<string, number>();
  return versions.filter((v) => {
    const key = `${v.type}/${v.id}`;
    const start = Date.parse(v.lastUpdated);
    const end = newer.get(key) ?? Infinity;
    newer.set(key, start);
    return start < range.hi && end > range.lo;
  });
}

export function history(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const params = new Map<string, string>();
  for (const [name, value] of request.params) {
    if (REFUSED.has(name)) throw badRequest(`${name} is not supported on history`);
    if (params.has(name)) throw badRequest(`${name} may be given only once`);
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

  const at = params.get('_at');
  const atRange = at === undefined ? undefined : dateRange(at);
  if (at !== undefined && !atRange) throw badRequest(`_at must be a date or dateTime, e.g. 2024-03 or 2024-03-01T10:00:00Z (got '${at}')`);

  const type = request.resourceType;
  let versions =
    request.interaction === 'history-instance'
      ? ctx.store.history(type!, request.id!).map((v) => ({ ...v, type: type!, id: request.id! }))
      : ctx.store.typeHistory(type);
  if (atRange) versions = currentDuring(versions, atRange);
  // Each version shows only where the token may see it; a deletion only where the version
  // before it showed. Type history is governed by the request's own decision.
  const visible = request.interaction === 'history-system' ? access.visibleAny : access.visible;
  const latest = versions.find((v) => v.resource)?.resource;
  const shown = new Map<string, boolean>();
  versions = [...versions]
    .reverse()
    .filter((v) => {
      const key = `${v.type}/${v.id}`;
      const show = v.resource ? visible(v.resource) : shown.get(key) === true;
      if (v.resource) shown.set(key, show);
      return show;
    })
    .reverse();
  if (request.interaction === 'history-instance' && latest && versions.length === 0) requireVisible(access, latest);
  if (since !== undefined) {
    const t = Date.parse(since);
    versions = versions.filter((v) => Date.parse(v.lastUpdated) >= t);
  }
  const path = request.interaction === 'history-instance' ? `${type}/${request.id}/_history` : type ? `${type}/_history` : '_history';
  const url = `${request.base}/${path}`;
  const query = (from: number): string => {
    const q = new URLSearchParams();
    if (since !== undefined) q.set('_since', since);
    if (at !== undefined) q.set('_at', at);
    q.set('_count', String(count));
    if (from > 0) q.set('_offset', String(from));
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
