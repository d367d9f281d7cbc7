/**
 * The claims of a JWT read without checking its signature (RFC 7519 §7.2 step 7 onwards
 * skipped): only to recognise which flow a token belongs to, never to trust it.
 */
export function jwtPayload(token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
