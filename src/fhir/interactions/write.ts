/** create, update and delete (R4 http.html#create, #update, #delete), with their conditional forms. */
import type { SandboxContext } from '../../context.js';
import { informational, notFound, preconditionFailed } from '../../errors/operation-outcome.js';
import { requireVisible, requireWritable, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import { checkResourceBody } from '../check-resource.js';
import { criteriaParams, type CriteriaLookup } from '../conditional/criteria.js';
import { requireReferencesResolve } from '../references/integrity.js';
import type { Resource, StoredResource } from '../resource.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { conditionalTarget, noLookup } from './conditional.js';
import { etag, resourceHeaders } from './headers.js';
import { requireVisibleIfDeleted } from './read.js';

export function written(request: FhirRequest, resource: Readonly<StoredResource>, status: number): FhirResult {
  const headers = resourceHeaders(resource as StoredResource, request.base, true);
  switch (request.preferReturn) {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return { status, headers, body: informational(`${resource.resourceType}/${resource.id} stored as version ${resource.meta.versionId}`) };
    default:
      return { status, headers, body: resource };
  }
}

/** Referential integrity of a body about to be stored, now or (in a transaction) once every entry has run. */
export function checkReferences(ctx: SandboxContext, request: FhirRequest, resource: Resource): void {
  if (!ctx.options.referentialIntegrity) return;
  if (request.deferredChecks) request.deferredChecks.push(resource);
  else requireReferencesResolve(ctx.store, resource, request.base);
}

/**
 * A Binary names no patient of its own: its `securityContext` stands in for one (R4
 * binary.html, Binary.securityContext). One written without it under a token limited to a
 * single patient (`patient/` scopes) is tied to that patient, so no other patient's token can
 * list or read it.
 */
function withSecurityContext<T extends Resource>(access: RequestAccess, body: T): T {
  const patient = access.patientContext;
  if (body.resourceType !== 'Binary' || body.securityContext !== undefined || patient === undefined) return body;
  return { ...body, securityContext: { reference: `Patient/${patient}` } };
}

export function create(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED, lookup: CriteriaLookup = noLookup): FhirResult {
  const type = request.resourceType!;
  const body = withSecurityContext(access, checkResourceBody(request.body, type, ctx.validate));
  // R4: an id in the body of a create is ignored; the server assigns one (or a transaction did).
  const { id: _ignored, ...rest } = body;
  requireWritable(access, body);
  if (request.ifNoneExist !== undefined) {
    // R4 http.html#ccreate: one match leaves it alone (200), several fail (412), none creates.
    const found = lookup(type, criteriaParams(request.ifNoneExist), 'If-None-Exist');
    if (found.total > 1) throw preconditionFailed(`If-None-Exist: ${found.total} ${type} resources match ${request.ifNoneExist}; nothing was created`);
    if (found.total === 1) return written(request, found.matches[0]!, 200);
  }
  const id = request.assignedId ?? ctx.store.newId();
  checkReferences(ctx, request, { ...rest, resourceType: type, id });
  const resource = ctx.store.create({ ...rest, resourceType: type }, { id });
  return written(request, resource, 201);
}

/** The body with the id of the resource a conditional write targets (when it is an object). */
export function withId(body: unknown, id: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body, id } : body;
}

export function update(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED, lookup: CriteriaLookup = noLookup): FhirResult {
  const type = request.resourceType!;
  if (request.id === undefined) {
    // R4 http.html#cond-update: PUT [type]?criteria.
    const target = conditionalTarget(ctx, request, lookup, 'Conditional update');
    if (target.id === undefined) return create(ctx, request, access, lookup);
    return update(ctx, { ...request, id: target.id, body: withId(request.body, target.id) }, access, lookup);
  }
  const body = withSecurityContext(access, checkResourceBody(request.body, type, ctx.validate, request.id));
  const current = ctx.store.peek(type, request.id);
  if (current) requireVisible(access, current, 'update');
  requireWritable(access, body);
  checkReferences(ctx, request, body);
  const { resource, created } = ctx.store.update({ ...body, id: request.id }, { ifMatch: request.ifMatch });
  return written(request, resource, created ? 201 : 200);
}

export function remove(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED, lookup: CriteriaLookup = noLookup): FhirResult {
  const type = request.resourceType!;
  if (request.id === undefined) {
    // R4 http.html#cdelete: one match is deleted, several fail (412), none deletes nothing.
    const found = lookup(type, request.params, 'Conditional delete');
    if (found.total > 1) throw preconditionFailed(`Conditional delete: ${found.total} ${type} resources match; nothing was deleted`);
    if (found.total === 0) return { status: 200, body: informational(`No ${type} matches the criteria; nothing was deleted`) };
    return remove(ctx, { ...request, id: found.matches[0]!.id }, access, lookup);
  }
  const id = request.id;
  if (ctx.store.isDeleted(type, id)) {
    requireVisibleIfDeleted(ctx, type, id, access);
    return { status: 200, body: informational(`${type}/${id} was already deleted`) };
  }
  const current = ctx.store.peek(type, id);
  if (!current) throw notFound(`${type}/${id} is not known`);
  requireVisible(access, current, 'delete');
  ctx.store.delete(type, id);
  const versionId = ctx.store.history(type, id)[0]!.versionId;
  return { status: 200, body: informational(`${type}/${id} deleted`), headers: { ETag: etag(versionId) } };
}
