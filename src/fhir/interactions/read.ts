/**
 * read and vread (R4 http.html#read, #vread), within what the token may see, with
 * `_summary` and `_elements` (search.html 3.1.1.5.8-9) when asked.
 */
import type { SandboxContext } from '../../context.js';
import { requireVisible, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import type { FhirRequest, FhirResult } from '../request.js';
import type { StoredResource } from '../resource.js';
import { readSubsetter } from '../search/elements.js';
import { resourceHeaders, versionHeaders, type VersionHeaders } from './headers.js';

/** A deleted resource answers 410 only to a token that could see it; others get 403. */
export function requireVisibleIfDeleted(ctx: SandboxContext, type: string, id: string, access: RequestAccess): void {
  if (access === UNRESTRICTED || !ctx.store.isDeleted(type, id)) return;
  const last = ctx.store.history(type, id).find((v) => v.resource)?.resource;
  if (last) requireVisible(access, last);
}

/** `headers`: the ETag and Last-Modified kept per version, when the caller keeps them (the FHIR API does). */
export function read(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED, headers?: VersionHeaders): FhirResult {
  requireVisibleIfDeleted(ctx, request.resourceType!, request.id!, access);
  const resource = ctx.store.read(request.resourceType!, request.id!, { copy: false });
  requireVisible(access, resource);
  const body = subsetted(request, resource);
  return { status: 200, body, headers: headers ? versionHeaders(resource, headers) : resourceHeaders(resource, request.base), stored: body === resource };
}

/** The resource as `_summary` / `_elements` ask (the stored object itself when they do not). */
function subsetted(request: FhirRequest, resource: StoredResource): unknown {
  if (request.params.length === 0) return resource;
  const subset = readSubsetter(resource.resourceType, request.params);
  return subset ? subset(resource) : resource;
}

export function vread(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED, headers?: VersionHeaders): FhirResult {
  const resource = ctx.store.vread(request.resourceType!, request.id!, request.versionId!, { copy: false });
  requireVisible(access, resource);
  const body = subsetted(request, resource);
  return { status: 200, body, headers: headers ? versionHeaders(resource, headers) : resourceHeaders(resource, request.base), stored: body === resource };
}
