/**
 * Token revocation (RFC 7009; contract §5): 200 whatever the token, even unknown. An
 * access token stops alone; a refresh token takes its whole grant with it, every access
 * token made from it included (RFC 7009 §2.1). The caller must be an identified client: a
 * confidential one authenticates, a public one sends its `client_id`, and an anonymous
 * request gets 401 (RFC 7009 §2.1). A client may revoke only its own tokens; others are left
 * alone, still with 200 (RFC 7009 §2.2).
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context.js';
import { handleTokenRequest } from './http/token-request.js';
import { resolveAccessToken } from './tokens/resolve-access-token.js';
import { revokeGrant } from './tokens/revoke-grant.js';

function revokeToken(ctx: SandboxContext, token: string, clientId: string): { type?: 'access_token' | 'refresh_token'; revoked: boolean } {
  const access = resolveAccessToken(ctx, token);
  if (access) {
    if (clientId !== access.clientId) return { type: 'access_token', revoked: false };
    access.revoked = true;
    return { type: 'access_token', revoked: true };
  }
  const refresh = ctx.auth.refreshTokens.get(token);
  if (!refresh) return { revoked: false };
  if (clientId !== refresh.clientId) return { type: 'refresh_token', revoked: false };
  refresh.revoked = true;
  revokeGrant(ctx.auth, refresh.grantId);
  return { type: 'refresh_token', revoked: true };
}

export function revoke(ctx: SandboxContext, req: Request, res: Response): Promise<void> {
  return handleTokenRequest(ctx, req, res, 'revoke', (token, caller) => {
    const clientId = caller.clientId;
    const { type, revoked } = revokeToken(ctx, token, clientId);
    ctx.events.emit({ type: 'auth.revoke', clientId, revoked, ...(type ? { tokenType: type } : {}) });
    res.status(200).end();
  });
}
