/**
 * PKCE at the token endpoint (RFC 7636 §4.1 and §4.6): the verifier is 43-128 characters of
 * [A-Z a-z 0-9 - . _ ~] and BASE64URL(SHA256(verifier)) equals the challenge. A verifier equal
 * to the challenge itself (a `plain` downgrade) fails, and so does a verifier sent for a code
 * that had no challenge.
 */
import { createHash } from 'node:crypto';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Undefined when the check passes, otherwise why it fails. */
export function pkceFailure(challenge: string | undefined, verifier: string | undefined): string | undefined {
  if (challenge === undefined) return verifier === undefined ? undefined : 'code_verifier is sent but the authorization request had no code_challenge';
  if (verifier === undefined) return 'code_verifier is missing';
  if (!VERIFIER.test(verifier)) return 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~';
  if (verifier === challenge) return 'code_verifier equals the code_challenge; send the verifier, whose S256 hash is the challenge';
  if (s256(verifier) !== challenge) return 'code_verifier does not match the code_challenge';
  return undefined;
}
