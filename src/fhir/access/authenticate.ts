/**
 * From the `Authorization` header to an AccessGrant (RFC 6750; contract §7): the bearer
 * check of the authorization server, then the token's scopes parsed once and kept with
 * the token record for every later request that presents it.
 */
import type { SandboxContext } from '../../context.js';
import { authenticateBearer, type AccessTokenRecord } from '../../auth/bearer.js';
import { OperationOutcomeError } from '../../errors/operation-outcome.js';
import { parseScopes, type TokenContext } from '../../scopes/index.js';
import type { AccessGrant, TokenGrant } from './grant.js';
import { userPatients } from './user-patients.js';

/** Grants by token record: parsing scopes once per token, not once per request. */
export type GrantCache = WeakMap<AccessTokenRecord, TokenGrant>;

function tokenContext(record: AccessTokenRecord): TokenContext {
  if (record.context.patient) return 'patient';
  return record.user ? 'user' : 'system';
}

function toGrant(ctx: SandboxContext, record: AccessTokenRecord): TokenGrant {
  const grant: TokenGrant = {
    kind: 'token',
    scopes: parseScopes(record.scope.join(' ')).scopes,
    tokenContext: tokenContext(record),
    clientId: record.clientId,
    jti: record.jti,
  };
  if (record.context.patient) grant.patient = record.context.patient;
  if (record.user) {
    const patients = userPatients(ctx.store, ctx.proxies, record.user, ctx.options.ownPatientsOnly);
    if (patients) grant.userPatients = patients;
  }
  // An id_token named the user (fhirUser): SMART requires that record to be readable with the token.
  if (record.user && (record.idTokenIssued || record.scope.includes('fhirUser'))) grant.user = `${record.user.resourceType}/${record.user.id}`;
  return grant;
}

/** The grant of a request, or a 401/400 OperationOutcomeError with its `WWW-Authenticate` challenge. */
export function authenticate(ctx: SandboxContext, cache: GrantCache, header: string | undefined, fhirBase: string): AccessGrant {
  const result = authenticateBearer(ctx, header, fhirBase);
  if (!result.ok) {
    throw new OperationOutcomeError(
      result.status,
      [{ severity: 'error', code: result.status === 400 ? 'invalid' : 'login', diagnostics: result.description }],
      { 'WWW-Authenticate': result.challenge },
    );
  }
  let grant = cache.get(result.token);
  if (!grant) {
    grant = toGrant(ctx, result.token);
    cache.set(result.token, grant);
  }
  return grant;
}
