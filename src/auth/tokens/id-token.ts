/**
 * The OpenID Connect id_token (OpenID Connect Core §2; SMART App Launch 2.2 "sso-openid-
 * connect"): RS256 with `kid`, `iss` = the issuer of the discovery documents, `sub`,
 * `aud` = client_id, `iat`, `exp`, `auth_time`, `nonce` when sent, and `fhirUser`, the
 * absolute URL of the user's resource. Issued when `openid` and `fhirUser` (or the older
 * `profile`) are granted and a user logged in.
 */
import type { SigningKey } from '../keys/signing-key.js';
import { signJwtAsync } from '../keys/jws.js';
import { fhirUserUrl } from './access-token.js';
import { userReference, type Grant } from './records.js';

export function wantsIdToken(grant: Grant, scope: readonly string[]): boolean {
  return grant.user !== undefined && scope.includes('openid') && (scope.includes('fhirUser') || scope.includes('profile'));
}

export function createIdToken(key: SigningKey, grant: Grant, issuer: string, iat: number, exp: number): Promise<string> {
  return signJwtAsync(key, {
    iss: issuer,
    sub: userReference(grant.user!),
    aud: grant.clientId,
    iat,
    exp,
    auth_time: grant.authTime,
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
    fhirUser: fhirUserUrl(grant),
  });
}
