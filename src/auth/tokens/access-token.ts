/**
 * Access tokens: JWTs (RFC 9068 profile, `typ: at+jwt`, RS256 with `kid`) so that the flow
 * inspector and apps can read them. They carry who, for which client, which scopes and the
 * launch context, never a secret. A record per `jti` makes revocation and introspection
 * authoritative.
 */
import type { SandboxContext } from '../../context.js';
import type { SigningKey } from '../keys/signing-key.js';
import { signJwtAsync } from '../keys/jws.js';
import { randomToken } from '../random.js';
import { userReference, type AccessTokenRecord, type Grant } from './records.js';

/** The absolute URL of the grant's user (SMART App Launch 2.2 "fhirUser"). */
export function fhirUserUrl(grant: Pick<Grant, 'user' | 'fhirBase'>): string | undefined {
  return grant.user ? `${grant.fhirBase}/${userReference(grant.user)}` : undefined;
}

/** The JWT claims of an access token record. */
export function accessTokenClaims(record: AccessTokenRecord): Record<string, unknown> {
  const { context } = record;
  return {
    iss: record.iss,
    sub: record.sub,
    aud: record.aud,
    exp: record.exp,
    iat: record.iat,
    jti: record.jti,
    client_id: record.clientId,
    scope: record.scope.join(' '),
    ...(record.fhirUser ? { fhirUser: record.fhirUser } : {}),
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.fhirContext ? { fhirContext: context.fhirContext } : {}),
  };
}

export function createAccessToken(
  ctx: SandboxContext,
  key: SigningKey,
  grant: Grant,
  scope: string[],
  issuer: string,
  idTokenIssued: boolean,
  lifetime: number = ctx.options.accessTokenLifetime,
): { sign(): Promise<string>; record: AccessTokenRecord } {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const fhirUser = fhirUserUrl(grant);
  const record: AccessTokenRecord = {
    jti: randomToken(16),
    clientId: grant.clientId,
    scope,
    context: grant.context,
    ...(fhirUser ? { fhirUser } : {}),
    ...(grant.user ? { user: grant.user, userType: grant.user.resourceType } : {}),
    sub: grant.user ? userReference(grant.user) : grant.clientId,
    iss: issuer,
    aud: grant.fhirBase,
    iat,
    exp: iat + lifetime,
    grantId: grant.id,
    idTokenIssued,
    revoked: false,
  };
  ctx.auth.accessTokens.set(record.jti, record, record.exp * 1000);
  // The record exists at once (its jti is known); the signed string follows, from the thread pool.
  return { sign: () => signJwtAsync(key, accessTokenClaims(record), 'at+jwt'), record };
}
