/**
 * Revokes a grant and every token made from it: a reused code (RFC 6749 §4.1.2, "SHOULD
 * revoke all tokens previously issued based on that authorization code") and a revoked
 * refresh token (RFC 7009 §2.1) both end here.
 */
import type { AuthState } from '../state.js';
import type { AccessTokenRecord, Grant } from './records.js';

/**
 * Every access token record the sandbox still holds: the stored ones, expired included (the
 * clock can be set back), and those the Bearer check keeps by token string, which outlive
 * their stored entry once it expired and was swept.
 */
function accessRecords(auth: AuthState): Set<AccessTokenRecord> {
  const records = new Set(auth.accessTokens.storedValues());
  for (const record of auth.verified.values()) records.add(record);
  if (auth.lastBearer) records.add(auth.lastBearer.record);
  return records;
}

/** Marks revoked every grant and every access and refresh token that the two tests pick. */
function revokeWhere(auth: AuthState, grant: (g: Grant) => boolean, token: (t: { grantId?: string; clientId: string }) => boolean): void {
  for (const g of auth.grants.storedValues()) if (grant(g)) g.revoked = true;
  for (const record of accessRecords(auth)) if (token(record)) record.revoked = true;
  for (const record of auth.refreshTokens.storedValues()) if (token(record)) record.revoked = true;
}

export function revokeGrant(auth: AuthState, grantId: string): void {
  revokeWhere(auth, (g) => g.id === grantId, (t) => t.grantId === grantId);
}

/**
 * Revokes every grant, access token and refresh token of a client that is removed: RFC 7592
 * §2.3 asks a server that deletes a client to "immediately invalidate all existing
 * authorization grants and currently-active tokens associated with the client". Codes need no
 * revoking: the token endpoint no longer knows the client, so none can be exchanged.
 */
export function revokeClient(auth: AuthState, clientId: string): void {
  revokeWhere(auth, (g) => g.clientId === clientId, (t) => t.clientId === clientId);
}
