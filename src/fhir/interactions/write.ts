/** create, update and delete (R4 http.html#create, #update, #delete). */
import type { SandboxContext } from '../../context.js';
import { informational, notFound } from '../../errors/operation-outcome.js';
import { requireVisible, requireWritable, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import { checkResourceBody } from '../check-resource.js';
import type { StoredResource } from '../resource.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { resourceHeaders } from './headers.js';
import { requireVisibleIfDeleted } from './read.js';

function written(request: FhirRequest, resource: StoredResource, status: number): FhirResult {
  const headers = resourceHeaders(resource, request.base, true);
  switch (request.preferReturn) {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return { status, headers, body: informational(`${resource.resourceType}/${resource.id} stored as version ${resource.meta.versionId}`) };
    default:
      return { status, headers, body: resource };
  }
}

export function create(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const type = request.resourceType!;
  const body = checkResourceBody(request.body, type, ctx.validate);
  // R4: an id in the body of a create is ignored; the server assigns one (or a transaction did).
  const { id: _ignored, ...rest } = body;
  requireWritable(access, body);
  const resource = ctx.store.create({ ...rest, resourceType: type }, request.assignedId ? { id: request.assignedId } : undefined);
  ctx.events.emit({ type: 'store.change', action: 'create', resourceType: type, id: resource.id, versionId: resource.meta.versionId });
  return written(request, resource, 201);
}

export function update(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const type = request.resourceType!;
  const body = checkResourceBody(request.body, type, ctx.validate, request.id);
  const current = ctx.store.peek(type, request.id!);
  if (current) requireVisible(access, current, 'update');
  requireWritable(access, body);
  const { resource, created } = ctx.store.update({ ...body, id: request.id! }, { ifMatch: request.ifMatch });
  ctx.events.emit({
    type: 'store.change',
    action: created ? 'create' : 'update',
    resourceType: type,
    id: resource.id,
    versionId: resource.meta.versionId,
  });
  return written(request, resource, created ? 201 : 200);
}

export function remove(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const type = request.resourceType!;
  const id = request.id!;
  if (ctx.store.isDeleted(type, id)) {
    requireVisibleIfDeleted(ctx, type, id, access);
    return { status: 200, body: informational(`${type}/${id} was already deleted`) };
  }
  const current = ctx.store.peek(type, id);
  if (!current) throw notFound(`${type}/${id} is not known`);
  requireVisible(access, current, 'delete');
  ctx.store.delete(type, id);
  const versionId = ctx.store.history(type, id)[0]!.versionId;
  ctx.events.emit({ type: 'store.change', action: 'delete', resourceType: type, id, versionId });
  return { status: 200, body: informational(`${type}/${id} deleted`), headers: { ETag: `W/"${versionId}"` } };
}
