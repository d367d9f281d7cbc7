/**
 * Revokes a grant and every token made from it: a reused code (RFC 6749 §4.1.2, "SHOULD
 * revoke all tokens previously issued based on that authorization code") and a revoked
 * refresh token (RFC 7009 §2.1) both end here.
 */
import type { AuthState } from '../state.js';

export function revokeGrant(auth: AuthState, grantId: string): void {
  const grant = auth.grants.get(grantId);
  if (grant) grant.revoked = true;
  for (const record of auth.accessTokens.values()) if (record.grantId === grantId) record.revoked = true;
  for (const record of auth.refreshTokens.values()) if (record.grantId === grantId) record.revoked = true;
}

/**
 * Revokes every grant, access token and refresh token of a client that is removed: RFC 7592
 * §2.3 asks a server that deletes a client to "immediately invalidate all existing
 * authorization grants and currently-active tokens associated with the client". Codes need no
 * revoking: the token endpoint no longer knows the client, so none can be exchanged.
 */
export function revokeClient(auth: AuthState, clientId: string): void {
  for (const grant of auth.grants.values()) if (grant.clientId === clientId) grant.revoked = true;
  for (const record of auth.accessTokens.values()) if (record.clientId === clientId) record.revoked = true;
  for (const record of auth.refreshTokens.values()) if (record.clientId === clientId) record.revoked = true;
}
