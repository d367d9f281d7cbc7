/** Unguessable, URL-safe identifiers for codes, tokens, launches and interactions (RFC 6749 §10.10). */
import { randomBytes } from 'node:crypto';

/** `bytes` random bytes as base64url: 32 bytes give 256 bits, 43 characters, safe in any URL. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
