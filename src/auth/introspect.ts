/**
 * Token introspection (RFC 7662; SMART App Launch 2.2 token-introspection; contract §5):
 * always 200. An active access token shows `scope`, `client_id`, `exp`, `iat`, `sub`, `iss`,
 * `fhirUser` when an id_token was issued, and the launch context as bare ids; an active
 * refresh token shows its scope, client and expiry. Anything else is exactly
 * `{ "active": false }`. The caller must be an identified client (RFC 7662 §2.1; anonymous
 * callers get 401). A public client sees only its own tokens; an authenticated confidential
 * client, which may be a resource server (RFC 7662 §1), sees any access token but only its
 * own refresh tokens. A token the caller may not see is `{ "active": false }` (RFC 7662 §2.2).
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context.js';
import { isConfidential, type ClientRecord } from './clients/types.js';
import { handleTokenRequest } from './http/token-request.js';
import { isActive, resolveAccessToken } from './tokens/resolve-access-token.js';
import type { AccessTokenRecord } from './tokens/records.js';

function accessTokenInfo(record: AccessTokenRecord): Record<string, unknown> {
  const { context } = record;
  return {
    active: true,
    scope: record.scope.join(' '),
    client_id: record.clientId,
    token_type: 'Bearer',
    exp: record.exp,
    iat: record.iat,
    sub: record.sub,
    iss: record.iss,
    aud: record.aud,
    jti: record.jti,
    ...(record.idTokenIssued && record.fhirUser ? { fhirUser: record.fhirUser } : {}),
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.fhirContext?.length ? { fhirContext: context.fhirContext } : {}),
  };
}

function introspectionOf(ctx: SandboxContext, token: string, caller: ClientRecord): { info: Record<string, unknown>; type?: 'access_token' | 'refresh_token' } {
  const access = resolveAccessToken(ctx, token);
  if (access) {
    const visible = access.clientId === caller.clientId || isConfidential(caller);
    return visible && isActive(ctx, access) ? { info: accessTokenInfo(access), type: 'access_token' } : { info: { active: false } };
  }
  const refresh = ctx.auth.refreshTokens.get(token);
  const grant = refresh ? ctx.auth.grants.get(refresh.grantId) : undefined;
  if (!refresh || refresh.clientId !== caller.clientId || !grant || grant.revoked || !isActive(ctx, refresh)) return { info: { active: false } };
  return {
    // RFC 7662 `token_type` names an access token type (RFC 6749 §7.1); a refresh token has none.
    info: { active: true, scope: grant.scope.join(' '), client_id: refresh.clientId, exp: refresh.exp, iat: refresh.iat },
    type: 'refresh_token',
  };
}

export function introspect(ctx: SandboxContext, req: Request, res: Response): Promise<void> {
  return handleTokenRequest(ctx, req, res, 'introspect', (token, caller) => {
    const { info, type } = introspectionOf(ctx, token, caller);
    ctx.events.emit({ type: 'auth.introspect', clientId: caller.clientId, active: info.active === true, ...(type ? { tokenType: type } : {}) });
    res.status(200).json(info);
  });
}
