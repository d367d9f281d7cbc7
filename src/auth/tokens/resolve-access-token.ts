/**
 * From an access token string to its record: a cache hit, or a verified signature (RS256,
 * this sandbox's `kid`) and the record of its `jti`. With a key file, a token signed by an
 * earlier run of the sandbox (issued before this one started) is rebuilt from its claims,
 * so that tokens survive a restart. Expiry, revocation and audience are the caller's checks.
 */
import type { SandboxContext } from '../../context.js';
import { verifyJwt, type JwtPayload } from '../keys/jws.js';
import type { AccessTokenRecord, FhirContextItem, UserRef } from './records.js';

const CACHE_LIMIT = 10_000;
const USER_SUB = /^(Practitioner|Patient|RelatedPerson|Person)\/([A-Za-z0-9\-.]{1,64})$/;

function fromClaims(p: JwtPayload): AccessTokenRecord | undefined {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const { jti, client_id: clientId, scope, sub, iss, aud } = p;
  if (![jti, clientId, scope, sub, iss, aud].every((v) => typeof v === 'string') || typeof p.iat !== 'number' || typeof p.exp !== 'number') {
    return undefined;
  }
  const m = USER_SUB.exec(sub as string);
  const user: UserRef | undefined = m ? { resourceType: m[1] as UserRef['resourceType'], id: m[2]! } : undefined;
  const fhirUser = str(p.fhirUser);
  return {
    jti: jti as string,
    clientId: clientId as string,
    scope: (scope as string).split(' ').filter(Boolean),
    context: {
      ...(str(p.patient) ? { patient: str(p.patient) } : {}),
      ...(str(p.encounter) ? { encounter: str(p.encounter) } : {}),
      ...(Array.isArray(p.fhirContext) ? { fhirContext: p.fhirContext as FhirContextItem[] } : {}),
    },
    ...(fhirUser ? { fhirUser } : {}),
    ...(user ? { user, userType: user.resourceType } : {}),
    sub: sub as string,
    iss: iss as string,
    aud: aud as string,
    iat: p.iat,
    exp: p.exp,
    idTokenIssued: fhirUser !== undefined,
    revoked: false,
  };
}

export function resolveAccessToken(ctx: SandboxContext, token: string): AccessTokenRecord | undefined {
  const { auth } = ctx;
  const cached = auth.verified.get(token);
  if (cached) return cached;
  const key = auth.keys.current();
  const verified = key ? verifyJwt(key, token) : undefined;
  if (!verified || typeof verified.payload.jti !== 'string') return undefined;
  let record = auth.accessTokens.get(verified.payload.jti);
  if (!record && auth.keys.persistent && Number(verified.payload.iat) < Math.floor(auth.startedAt / 1000)) {
    record = fromClaims(verified.payload);
    if (record) auth.accessTokens.set(record.jti, record, record.exp * 1000);
  }
  if (!record) return undefined;
  if (auth.verified.size >= CACHE_LIMIT) auth.verified.delete(auth.verified.keys().next().value!);
  auth.verified.set(token, record);
  return record;
}

/** Not revoked and not expired on the sandbox clock. */
export function isActive(ctx: SandboxContext, record: { revoked: boolean; exp: number }): boolean {
  return !record.revoked && record.exp * 1000 > ctx.clock.now();
}
