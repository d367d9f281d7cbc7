/**
 * CSRF protection of every form (synchronizer token, OWASP CSRF cheat sheet): a random token
 * kept in the session, sent as the hidden input `csrf`, compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { randomToken } from '../random.js';

export const CSRF_FIELD = 'csrf';

/** The session's CSRF token, created on first use. */
export function csrfToken(req: Request): string {
  req.session.csrf ??= randomToken();
  return req.session.csrf;
}

/** True when the posted form carries this session's token. */
export function csrfValid(req: Request): boolean {
  const expected = req.session.csrf;
  const posted: unknown = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  if (!expected || typeof posted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(posted);
  return a.length === b.length && timingSafeEqual(a, b);
}
