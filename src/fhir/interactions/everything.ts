/**
 * `Patient/[id]/$everything` (R4 patient-operation-everything): the patient, every resource
 * in its compartment (R4 compartmentdefinition-patient), and the resources those refer to
 * (practitioners, organizations, locations, medications), as a paged searchset Bundle.
 * Parameters: `_since` (versions updated at or after an instant), `_type` (a comma list of
 * types), `_count` and `_offset`; `start` and `end` are not supported (400), nor is anything
 * else. Every entry is shown only where the token may read it.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../context.js';
import { badRequest } from '../../errors/operation-outcome.js';
import { requireVisible, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import { pageLinks, searchsetBundle } from '../bundle.js';
import { compartmentMatcher } from '../compartment.js';
import type { FhirRequest, FhirResult } from '../request.js';
import type { StoredResource } from '../resource.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { collectReferences } from '../../store/references.js';
import { requireVisibleIfDeleted } from './read.js';

const KNOWN = new Set(['_since', '_type', '_count', '_offset', '_format', '_pretty']);

function once(params: [string, string][], name: string): string | undefined {
  const values = params.filter(([n]) => n === name);
  if (values.length > 1) throw badRequest(`${name} may be given only once`);
  return values[0]?.[1];
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw badRequest(`${name} must be a non-negative whole number (got '${value}')`);
  return Number(value);
}

export function everything(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const id = request.id!;
  for (const [name] of request.params) {
    if (!KNOWN.has(name)) throw badRequest(`$everything does not support the parameter '${name}' (supported: _since, _type, _count, _offset)`);
  }
  const since = once(request.params, '_since');
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(Date.parse(since)))) {
    throw badRequest(`_since must be an instant, e.g. 2024-01-01T00:00:00Z (got '${since}')`);
  }
  const typeParam = once(request.params, '_type');
  const types = typeParam === undefined ? undefined : new Set(typeParam.split(',').map((t) => t.trim()));
  for (const t of types ?? []) if (!R4_RESOURCE_TYPES.has(t)) throw badRequest(`_type: '${t}' is not a FHIR R4 resource type`);
  const count = Math.min(whole('_count', once(request.params, '_count'), ctx.options.defaultPageSize), ctx.options.maxPageSize);
  const offset = whole('_offset', once(request.params, '_offset'), 0);

  requireVisibleIfDeleted(ctx, 'Patient', id, access);
  const patient = ctx.store.read('Patient', id, { copy: false });
  requireVisible(access, patient);

  const { store } = ctx;
  const inCompartment = compartmentMatcher(store, id);
  const byOrder = (a: Readonly<StoredResource>, b: Readonly<StoredResource>): number =>
    a.resourceType < b.resourceType ? -1 : a.resourceType > b.resourceType ? 1 : store.order(a.resourceType, a.id) - store.order(b.resourceType, b.id);
  const members: Readonly<StoredResource>[] = [];
  for (const key of store.referencesTo(`Patient/${id}`)) {
    const [type, rid] = key.split('/') as [string, string];
    const r = store.peek(type, rid);
    if (r && inCompartment(r) === true) members.push(r);
  }
  members.sort(byOrder);
  const seen = new Set<string>([`Patient/${id}`, ...members.map((r) => `${r.resourceType}/${r.id}`)]);
  const referenced: Readonly<StoredResource>[] = [];
  for (const r of [patient, ...members]) {
    for (const target of collectReferences(r)) {
      if (seen.has(target)) continue;
      seen.add(target);
      const [type, rid] = target.split('/') as [string, string];
      const found = store.peek(type, rid);
      if (found) referenced.push(found);
    }
  }
  referenced.sort(byOrder);
  const sinceMs = since === undefined ? undefined : Date.parse(since);
  const all = [patient, ...members, ...referenced].filter(
    (r) =>
      access.visibleAny(r) &&
      (types === undefined || types.has(r.resourceType)) &&
      (sinceMs === undefined || Date.parse(r.meta.lastUpdated) >= sinceMs),
  ) as StoredResource[];

  const url = `${request.base}/Patient/${id}/$everything`;
  const query = (at: number): string => {
    const q = new URLSearchParams();
    if (since !== undefined) q.set('_since', since);
    if (typeParam !== undefined) q.set('_type', typeParam);
    q.set('_count', String(count));
    if (at > 0) q.set('_offset', String(at));
    return q.toString();
  };
  return {
    status: 200,
    body: searchsetBundle({
      id: randomUUID(),
      lastUpdated: new Date(ctx.clock.now()).toISOString(),
      base: request.base,
      matches: all.slice(offset, offset + count),
      includes: [],
      total: all.length,
      links: pageLinks(url, { offset, count, total: all.length }, query),
    }),
  };
}
