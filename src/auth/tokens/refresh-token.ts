/**
 * Refresh tokens (RFC 6749 §1.5 and §6; SMART `offline_access` / `online_access`): opaque
 * random strings bound to their client and grant, rotated on every use.
 */
import type { SandboxContext } from '../../context.js';
import { randomToken } from '../random.js';
import type { Grant, RefreshTokenRecord } from './records.js';

/** True when the grant's scopes ask for a refresh token. */
export function wantsRefreshToken(scope: readonly string[]): boolean {
  return scope.includes('offline_access') || scope.includes('online_access');
}

export function createRefreshToken(ctx: SandboxContext, grant: Grant): RefreshTokenRecord {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const record: RefreshTokenRecord = {
    token: randomToken(),
    grantId: grant.id,
    clientId: grant.clientId,
    iat,
    exp: iat + ctx.options.refreshTokenLifetime,
    revoked: false,
  };
  ctx.auth.refreshTokens.set(record.token, record, record.exp * 1000);
  return record;
}
