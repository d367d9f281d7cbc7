/** read and vread (R4 http.html#read, #vread). */
import type { SandboxContext } from '../../context.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { resourceHeaders } from './headers.js';

export function read(ctx: SandboxContext, request: FhirRequest): FhirResult {
  const resource = ctx.store.read(request.resourceType!, request.id!);
  return { status: 200, body: resource, headers: resourceHeaders(resource, request.base) };
}

export function vread(ctx: SandboxContext, request: FhirRequest): FhirResult {
  const resource = ctx.store.vread(request.resourceType!, request.id!, request.versionId!);
  return { status: 200, body: resource, headers: resourceHeaders(resource, request.base) };
}
