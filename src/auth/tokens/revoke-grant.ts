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
