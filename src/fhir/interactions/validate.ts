/**
 * `$validate` (R4 resource-operation-validate): `POST [type]/$validate` with a resource (or a
 * Parameters with `resource`, and optionally `profile` and `mode`), `POST [type]/[id]/$validate`
 * with a resource, and `GET [type]/[id]/$validate` for the stored resource. Checks the official
 * R4 JSON schema, that the type matches the URL (and, with an id, the body's id), and the US
 * Core rules of each US Core profile in `meta.profile` or the `profile` parameter. The answer
 * is always 200 with an OperationOutcome; its errors say the resource is not valid.
 */
import type { SandboxContext } from '../../context.js';
import { badRequest, outcome, type OperationOutcomeIssue } from '../../errors/operation-outcome.js';
import { requireVisible, UNRESTRICTED, type RequestAccess } from '../access/guard.js';
import { checkProfile } from '../validate/us-core.js';
import type { FhirRequest, FhirResult } from '../request.js';
import { requireVisibleIfDeleted } from './read.js';

interface Input {
  resource: Record<string, unknown>;
  profiles: string[];
  mode?: string;
}

const MODES = new Set(['create', 'update', 'delete']);

function fromParameters(body: Record<string, unknown>): Input {
  const parameters = Array.isArray(body.parameter) ? (body.parameter as Record<string, unknown>[]) : [];
  const resource = parameters.find((p) => p?.name === 'resource')?.resource;
  if (!resource || typeof resource !== 'object') throw badRequest('$validate: the Parameters need a parameter named resource holding the resource');
  const text = (name: string): string[] =>
    parameters.filter((p) => p?.name === name).flatMap((p) => [p.valueUri, p.valueCanonical, p.valueCode, p.valueString].filter((v): v is string => typeof v === 'string'));
  return { resource: resource as Record<string, unknown>, profiles: text('profile'), mode: text('mode')[0] };
}

function input(ctx: SandboxContext, request: FhirRequest, access: RequestAccess): Input {
  const fromQuery = request.params.filter(([n]) => n === 'profile').map(([, v]) => v);
  const mode = request.params.find(([n]) => n === 'mode')?.[1];
  if (request.body === undefined) {
    requireVisibleIfDeleted(ctx, request.resourceType!, request.id!, access);
    const stored = ctx.store.read(request.resourceType!, request.id!);
    requireVisible(access, stored);
    return { resource: stored, profiles: fromQuery, mode };
  }
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('$validate takes a resource, or a Parameters with a resource');
  const record = body as Record<string, unknown>;
  if (record.resourceType === 'Parameters' && request.resourceType !== 'Parameters') {
    const parsed = fromParameters(record);
    return { ...parsed, profiles: [...parsed.profiles, ...fromQuery], mode: parsed.mode ?? mode };
  }
  return { resource: record, profiles: fromQuery, mode };
}

export function validate(ctx: SandboxContext, request: FhirRequest, access: RequestAccess = UNRESTRICTED): FhirResult {
  const type = request.resourceType!;
  const { resource, profiles, mode } = input(ctx, request, access);
  if (mode !== undefined && !MODES.has(mode)) throw badRequest(`$validate: mode must be create, update or delete (got '${mode}')`);
  const issues: OperationOutcomeIssue[] = [];
  if (resource.resourceType !== type) {
    issues.push({ severity: 'error', code: 'invalid', diagnostics: `resourceType ${JSON.stringify(resource.resourceType)} is not ${type}`, expression: [`${type}.resourceType`] });
  }
  if (request.id !== undefined && request.body !== undefined && resource.id !== request.id) {
    issues.push({ severity: 'error', code: 'invalid', diagnostics: `The resource's id (${JSON.stringify(resource.id)}) is not ${request.id}`, expression: [`${type}.id`] });
  }
  if (mode === 'update' && resource.id === undefined) {
    issues.push({ severity: 'error', code: 'required', diagnostics: 'An update must carry the id', expression: [`${type}.id`] });
  }
  for (const p of ctx.validate(resource)) issues.push({ severity: 'error', code: 'structure', diagnostics: `${p.path}: ${p.message}`, expression: [p.path] });
  const meta = resource.meta as { profile?: unknown } | undefined;
  const declared = Array.isArray(meta?.profile) ? meta.profile.filter((p): p is string => typeof p === 'string') : [];
  for (const profile of new Set([...declared, ...profiles])) issues.push(...checkProfile(resource, profile));
  const checked = ['the FHIR R4 schema', ...new Set([...declared, ...profiles])].join(', ');
  if (!issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) {
    issues.unshift({ severity: 'information', code: 'informational', diagnostics: `No errors found (checked: ${checked})` });
  }
  return { status: 200, body: outcome(issues) };
}
