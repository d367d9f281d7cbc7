/**
 * Sends a rendered page with the headers every HTML page of the authorization server
 * carries: not cached, not framed, no referrer leaking codes or interaction ids.
 */
import type { Response } from 'express';
import type { AuthState } from '../state.js';
import type { ViewData } from './views.js';

export function sendPage(res: Response, auth: AuthState, view: string, title: string, data: ViewData, status = 200): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Pages with scripts load them as files from this origin only (no inline script, no handler attributes).
  const scripts = Array.isArray(data.scripts) && data.scripts.length > 0 ? " script-src 'self'; connect-src 'self';" : '';
  res.setHeader('Content-Security-Policy', `default-src 'none';${scripts} style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'`);
  res.send(auth.views.render(view, title, data));
}

/**
 * The error page: what cannot be redirected to the app (unknown client, unverified
 * redirect_uri, an expired or foreign interaction). It shows the code and description only.
 */
export function sendErrorPage(res: Response, auth: AuthState, error: string, description: string, status = 400, home = ''): void {
  sendPage(res, auth, 'error', 'Authorization error', { error, description, home }, status);
}
