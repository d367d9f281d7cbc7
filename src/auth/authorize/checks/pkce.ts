/**
 * PKCE at the authorize endpoint (RFC 7636 §4.3; SMART App Launch 2.2 requires S256 and
 * forbids `plain`). A missing method means `plain` (RFC 7636 §4.3), so it is refused too.
 * With the `pkceRequired: false` option a request without any challenge is let through.
 */
import { InvalidRequestError } from '../../errors.js';
import type { AuthorizeParams } from '../params.js';

/** A S256 challenge: BASE64URL(SHA256(verifier)), 43 characters without padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function checkPkce(params: AuthorizeParams, required: boolean): string | undefined {
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (!challenge) {
    if (method) throw new InvalidRequestError('code_challenge_method is sent without code_challenge');
    if (required) throw new InvalidRequestError('code_challenge is missing; PKCE with code_challenge_method=S256 is required');
    return undefined;
  }
  if (method === 'plain') throw new InvalidRequestError("code_challenge_method 'plain' is not allowed; use S256");
  if (!method) throw new InvalidRequestError('code_challenge_method is missing (which means plain); use S256');
  if (method !== 'S256') throw new InvalidRequestError(`code_challenge_method '${method}' is not supported; use S256`);
  if (!S256_CHALLENGE.test(challenge)) throw new InvalidRequestError('code_challenge is not a base64url SHA-256 hash (43 characters)');
  return challenge;
}
