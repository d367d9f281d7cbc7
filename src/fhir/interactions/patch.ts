/**
 * patch (R4 http.html#patch) with a JSON Patch document (RFC 6902), applied by
 * fast-json-patch. The patched resource then goes through the update path: schema
 * validation, access checks, referential integrity and `If-Match` (412 on a stale
 * version). A patch may not change `resourceType` or `id`. `PATCH [type]?criteria` is the
 * conditional form: one match is patched, several fail (412), none is 404.
 */
import jsonpatch from 'fast-json-patch';
import type { SandboxContext } from '../../context.js';
import { badRequest, notFound, OperationOutcomeError, unsupportedMediaType } from '../../errors/operation-outcome.js';
import { requireVisible, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import type { CriteriaLookup } from '../conditional/criteria.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { conditionalTarget, noLookup } from './conditional.js';
import { requireVisibleIfDeleted } from './read.js';
import { update } from './write.js';

export const JSON_PATCH = 'application/json-patch+json';

function unprocessable(message: string): OperationOutcomeError {
  return new OperationOutcomeError(422, [{ severity: 'error', code: 'processing', diagnostics: message }]);
}

/** Applies RFC 6902 operations to a copy of `document`; 400 for a malformed patch, 422 when it cannot apply. */
export function applyJsonPatch(document: object, operations: unknown): Record<string, unknown> {
  if (!Array.isArray(operations)) throw badRequest('A JSON Patch is an array of operations (RFC 6902 section 3)');
  const ops = operations as jsonpatch.Operation[];
  try {
    const invalid = jsonpatch.validate(ops);
    if (invalid) throw badRequest(`Invalid JSON Patch: ${invalid.message.split('\n')[0]} (operation ${invalid.index ?? '?'})`);
    // validateOperation: true; mutateDocument: false (works on a copy); banPrototypeModifications: true.
    return jsonpatch.applyPatch(document, ops, true, false, true).newDocument as Record<string, unknown>;
  } catch (error) {
    if (error instanceof jsonpatch.JsonPatchError) {
      const what = error.name === 'TEST_OPERATION_FAILED' ? 'a test operation failed' : error.message.split('\n')[0];
      throw unprocessable(`The JSON Patch cannot be applied: ${what} (operation ${error.index ?? '?'})`);
    }
    // fast-json-patch refuses __proto__, constructor and prototype paths with a TypeError.
    if (error instanceof TypeError) throw badRequest('Invalid JSON Patch: a path may not name __proto__, constructor or prototype');
    throw error;
  }
}

export function patch(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED, lookup: CriteriaLookup = noLookup): FhirResult {
  if (request.contentType !== JSON_PATCH) {
    throw unsupportedMediaType(`PATCH takes a JSON Patch as ${JSON_PATCH} (FHIRPath Patch and XML Patch are not supported)`);
  }
  const type = request.resourceType!;
  let id = request.id;
  if (id === undefined) {
    id = conditionalTarget(ctx, { ...request, body: undefined }, lookup, 'Conditional patch').id;
    if (id === undefined) throw notFound(`Conditional patch: no ${type} matches the criteria`);
  }
  requireVisibleIfDeleted(ctx, type, id, access);
  const current = ctx.store.read(type, id);
  requireVisible(access, current, 'update');
  const patched = applyJsonPatch(current, request.body);
  if (patched.resourceType !== type || patched.id !== id) throw badRequest('A patch may not change resourceType or id');
  return update(ctx, { ...request, interaction: 'update', id, body: patched, contentType: undefined }, access, lookup);
}
