/**
 * One FHIR request, whichever way it came: from the HTTP router or from an entry of a
 * batch or transaction. Every request passes here, so access checks apply alike to all.
 */
import type { SandboxContext } from '../context.js';
import { capabilityStatement } from '../discovery/capability-statement.js';
import { capabilitySecurity } from '../discovery/security.js';
import { badRequest, OperationOutcomeError } from '../errors/operation-outcome.js';
import type { AccessDecision } from '../events.js';
import { authorizeRequest, type RequestAccess } from './access/guard.js';
import { createAccessCache } from './access/access-cache.js';
import type { VersionHeaders } from './interactions/headers.js';
import { OPEN_GRANT, type AccessGrant } from './access/grant.js';
import { bundleInteraction } from './interactions/bundle.js';
import { history } from './interactions/history.js';
import { read, vread } from './interactions/read.js';
import { search } from './interactions/search.js';
import { searchSystem } from './interactions/search-system.js';
import { create, remove, update } from './interactions/write.js';
import { everything } from './interactions/everything.js';
import { nativeBinaryRequest, nativeBinaryResult } from './interactions/binary.js';
import { patch } from './interactions/patch.js';
import { validate } from './interactions/validate.js';
import { findMatches, type CriteriaLookup } from './conditional/criteria.js';
import type { FhirRequest, FhirResult } from './request.js';

/**
 * Handles one request under a grant. `observe` receives the access decision (allowed or
 * refused) before the interaction runs, so events can show why.
 */
export interface Handler {
  (request: FhirRequest, grant?: AccessGrant, observe?: (decision: AccessDecision) => void): FhirResult;
}

export function createHandler(ctx: SandboxContext, version: string): Handler {
  const headers: VersionHeaders = new WeakMap();
  const decisions = createAccessCache();
  /** Criteria searches of conditional writes run with the caller's search access to the type. */
  const lookupFor =
    (grant: AccessGrant): CriteriaLookup =>
    (type, params, what) =>
      findMatches(ctx.store, type, params, what, ctx.clock.now(), authorizeRequest(ctx.store, grant, { interaction: 'search-type', resourceType: type }, ctx.clock).search);
  const handle: Handler = (request, grant = OPEN_GRANT, observe) => dispatch(request, grant, observe, lookupFor(grant));
  /** `lookup` runs the criteria of conditional writes (a Bundle's entries share its search budget). */
  const dispatch = (request: FhirRequest, grant: AccessGrant, observe: ((decision: AccessDecision) => void) | undefined, lookup: CriteriaLookup): FhirResult => {
    let access: RequestAccess;
    try {
      access = decisions.authorize(ctx.store, grant, request, ctx.clock);
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
            referentialIntegrity: ctx.options.referentialIntegrity,
            profiles: ctx.claimedProfiles.get(),
          }),
        };
      case 'read':
        return nativeBinaryResult(request, read(ctx, request, access, headers));
      case 'vread':
        return nativeBinaryResult(request, vread(ctx, request, access, headers));
      case 'history-instance':
      case 'history-type':
      case 'history-system':
        return history(ctx, request, access);
      case 'search-type':
        return search(ctx, request, access.search);
      case 'search-system':
        return searchSystem(ctx, request, (resourceType, named) => {
          try {
            return authorizeRequest(ctx.store, grant, { interaction: 'search-type', resourceType }, ctx.clock).search;
          } catch (error) {
            if (!named && error instanceof OperationOutcomeError && error.status === 403) return undefined;
            throw error;
          }
        });
      case 'create':
        return create(ctx, nativeBinaryRequest(request), access, lookup);
      case 'update':
        return update(ctx, nativeBinaryRequest(request), access, lookup);
      case 'patch':
        return patch(ctx, request, access, lookup);
      case 'delete':
        return remove(ctx, request, access, lookup);
      case 'everything':
        return everything(ctx, request, access);
      case 'validate':
        // Validating a stored resource reads it, under the read rules of the token.
        return validate(ctx, request, request.id && request.body === undefined ? authorizeRequest(ctx.store, grant, { ...request, interaction: 'read' }, ctx.clock) : access);
      case 'batch':
        if (request.nested) throw badRequest('A batch or transaction cannot contain another one');
        return bundleInteraction(ctx, request, (entry, budgeted) => dispatch(entry, grant, undefined, budgeted), lookup);
    }
  };
  return handle;
}
