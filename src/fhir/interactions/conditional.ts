/**
 * Which resource a conditional update or patch targets (R4 http.html#cond-update): the
 * criteria search runs with the caller's access; several matches fail with 412; one match
 * is the target (an id in the body must agree with it); no match creates, with the body's
 * id when it has one, unless that id already names a resource the criteria did not match.
 */
import type { SandboxContext } from '../../context.js';
import { badRequest, OperationOutcomeError, preconditionFailed } from '../../errors/operation-outcome.js';
import type { CriteriaLookup } from '../conditional/criteria.js';
import type { FhirRequest } from '../request.js';

/** The lookup of a caller that may run no criteria (only direct calls without a handler use it). */
export const noLookup: CriteriaLookup = (_type, _params, what) => {
  throw badRequest(`${what} is not available here`);
};

/** The id a conditional write targets, or `id: undefined` when nothing matched (create). */
export function conditionalTarget(ctx: SandboxContext, request: FhirRequest, lookup: CriteriaLookup, what: string): { id?: string } {
  const type = request.resourceType!;
  const found = lookup(type, request.params, what);
  if (found.total > 1) throw preconditionFailed(`${what}: ${found.total} ${type} resources match; nothing was changed`);
  const bodyId = (request.body as { id?: unknown } | undefined)?.id;
  if (found.total === 1) {
    const id = found.matches[0]!.id;
    if (bodyId !== undefined && bodyId !== id) {
      throw badRequest(`${what}: the body's id (${JSON.stringify(bodyId)}) is not the id of the matching resource (${id})`, [`${type}.id`]);
    }
    return { id };
  }
  if (typeof bodyId === 'string' && (ctx.store.peek(type, bodyId) || ctx.store.isDeleted(type, bodyId))) {
    throw new OperationOutcomeError(409, [
      { severity: 'error', code: 'conflict', diagnostics: `${what}: ${type}/${bodyId} exists but does not match the criteria; nothing was changed` },
    ]);
  }
  return typeof bodyId === 'string' ? { id: bodyId } : {};
}
