/**
 * Redirects back to a verified redirect_uri (RFC 6749 §4.1.2 and §4.1.2.1): the code or the
 * error, and `state` echoed unchanged. The redirect_uri's own query is kept as it was.
 */
import type { Response } from 'express';
import type { OAuthError } from '../errors.js';

export function redirectUrl(redirectUri: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, value);
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query.toString()}`;
}

export function redirectWithError(res: Response, redirectUri: string, error: OAuthError, state: string | undefined): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, redirectUrl(redirectUri, { error: error.code, error_description: error.description, state }));
}

export function redirectWithCode(res: Response, redirectUri: string, code: string, state: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, redirectUrl(redirectUri, { code, state }));
}
