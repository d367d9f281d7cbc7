/**
 * One FHIR request, whichever way it came: from the HTTP router or from an entry of a
 * batch or transaction. Every request passes here, so access checks apply alike to all.
 */
import type { SandboxContext } from '../context.js';
import { capabilityStatement } from '../discovery/capability-statement.js';
import { capabilitySecurity } from '../discovery/security.js';
import { badRequest } from '../errors/operation-outcome.js';
import { bundleInteraction } from './interactions/bundle.js';
import { history } from './interactions/history.js';
import { read, vread } from './interactions/read.js';
import { search } from './interactions/search.js';
import { create, remove, update } from './interactions/write.js';
import type { FhirRequest, FhirResult } from './request.js';

export interface Handler {
  (request: FhirRequest): FhirResult;
}

export function createHandler(ctx: SandboxContext, version: string): Handler {
  const handle: Handler = (request) => {
    switch (request.interaction) {
      case 'capabilities':
        return {
          status: 200,
          body: capabilityStatement({
            base: request.base,
            date: ctx.startedAt,
            version,
            security: capabilitySecurity(ctx, request.root),
          }),
        };
      case 'read':
        return read(ctx, request);
      case 'vread':
        return vread(ctx, request);
      case 'history-instance':
      case 'history-type':
      case 'history-system':
        return history(ctx, request);
      case 'search-type':
        return search(ctx, request);
      case 'create':
        return create(ctx, request);
      case 'update':
        return update(ctx, request);
      case 'delete':
        return remove(ctx, request);
      case 'batch':
        if (request.nested) throw badRequest('A batch or transaction cannot contain another one');
        return bundleInteraction(ctx, request, handle);
    }
  };
  return handle;
}
