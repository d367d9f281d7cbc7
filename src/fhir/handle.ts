/**
 * One FHIR request, whichever way it came: from the HTTP router or from an entry of a
 * batch or transaction. Every request passes here, so access checks apply alike to all.
 */
import type { SandboxContext } from '../context.js';
import { capabilityStatement } from '../discovery/capability-statement.js';
import { capabilitySecurity } from '../discovery/security.js';
import { supportedProfiles } from '../discovery/supported-profiles.js';
import { badRequest, OperationOutcomeError } from '../errors/operation-outcome.js';
import type { AccessDecision } from '../events.js';
import { authorizeRequest, type RequestAccess } from './access/guard.js';
import { OPEN_GRANT, type AccessGrant } from './access/grant.js';
import { bundleInteraction } from './interactions/bundle.js';
import { history } from './interactions/history.js';
import { read, vread } from './interactions/read.js';
import { search } from './interactions/search.js';
import { create, remove, update } from './interactions/write.js';
import type { FhirRequest, FhirResult } from './request.js';

/**
 * Handles one request under a grant. `observe` receives the access decision (allowed or
 * refused) before the interaction runs, so events can show why.
 */
export interface Handler {
  (request: FhirRequest, grant?: AccessGrant, observe?: (decision: AccessDecision) => void): FhirResult;
}

export function createHandler(ctx: SandboxContext, version: string): Handler {
  const handle: Handler = (request, grant = OPEN_GRANT, observe) => {
    let access: RequestAccess;
    try {
      access = authorizeRequest(ctx.store, grant, request);
    } catch (error) {
      if (error instanceof OperationOutcomeError) {
        observe?.({ allowed: false, reason: error.outcome.issue[0]?.diagnostics ?? 'forbidden' });
      }
      throw error;
    }
    observe?.(access.decision);
    switch (request.interaction) {
      case 'capabilities':
        return {
          status: 200,
          body: capabilityStatement({
            base: request.base,
            date: ctx.startedAt,
            version,
            security: capabilitySecurity(ctx, request.root),
            supportedProfiles: supportedProfiles(ctx.store),
          }),
        };
      case 'read':
        return read(ctx, request, access);
      case 'vread':
        return vread(ctx, request, access);
      case 'history-instance':
      case 'history-type':
      case 'history-system':
        return history(ctx, request, access);
      case 'search-type':
        return search(ctx, request, access.search);
      case 'create':
        return create(ctx, request, access);
      case 'update':
        return update(ctx, request, access);
      case 'delete':
        return remove(ctx, request, access);
      case 'batch':
        if (request.nested) throw badRequest('A batch or transaction cannot contain another one');
        return bundleInteraction(ctx, request, (entry) => handle(entry, grant));
    }
  };
  return handle;
}
