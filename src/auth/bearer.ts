/**
 * The Bearer check of the FHIR API (RFC 6750 §2.1 and §3; contract §7): from the
 * `Authorization` header to the access token record, or the status, error and
 * `WWW-Authenticate` challenge to answer with. Synchronous and cached by token string; the
 * expiry (on the sandbox clock), revocation and audience are checked on every call.
 */
import type { SandboxContext } from '../context.js';
import { sameAudience } from './audience.js';
import { ANY_FHIR_BASE } from './tokens/any-audience.js';
import { isActive, resolveAccessToken } from './tokens/resolve-access-token.js';
import type { AccessTokenRecord } from './tokens/records.js';

export type { AccessTokenRecord } from './tokens/records.js';

export type BearerResult =
  | { ok: true; token: AccessTokenRecord }
  | {
      ok: false;
      status: 400 | 401;
      error: 'invalid_request' | 'invalid_token';
      description: string;
      /** The `WWW-Authenticate` value to send. Without any credentials it names only the realm (RFC 6750 §3.1). */
      challenge: string;
      /** True when no `Authorization` header was sent at all. */
      missing: boolean;
    };

const REALM = 'mock-ehr';
/** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function failure(status: 400 | 401, error: 'invalid_request' | 'invalid_token', description: string, missing = false): BearerResult {
  const challenge = missing
    ? `Bearer realm="${REALM}"`
    : `Bearer realm="${REALM}", error="${error}", error_description="${description.replace(/["\\]/g, "'")}"`;
  return { ok: false, status, error, description, challenge, missing };
}

export function authenticateBearer(ctx: SandboxContext, authorizationHeader: string | undefined, fhirBase: string): BearerResult {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
    return failure(401, 'invalid_token', 'An access token is required: send Authorization: Bearer <token>', true);
  }
  // A token seen before, sent as `Bearer <token>` exactly, matches the syntax as it did then.
  const auth = ctx.auth;
  const last = auth.lastBearer;
  let seen = last !== undefined && last.header === authorizationHeader ? last.record : undefined;
  if (!seen && authorizationHeader.startsWith('Bearer ')) {
    seen = auth.verified.get(authorizationHeader.slice(7));
    if (seen) auth.lastBearer = { header: authorizationHeader, record: seen };
  }
  const m = seen ? undefined : BEARER.exec(authorizationHeader);
  if (!seen && !m) return failure(400, 'invalid_request', 'The Authorization header must be "Bearer <token>"');
  const record = seen ?? resolveAccessToken(ctx, m![1]!);
  if (!record) return failure(401, 'invalid_token', 'The access token is unknown or its signature is invalid');
  if (record.revoked) return failure(401, 'invalid_token', 'The access token was revoked');
  if (!isActive(ctx, record)) return failure(401, 'invalid_token', 'The access token expired');
  if (record.aud !== ANY_FHIR_BASE && !sameAudience(record.aud, fhirBase)) return failure(401, 'invalid_token', `The access token is for ${record.aud}, not ${fhirBase}`);
  return { ok: true, token: record };
}
