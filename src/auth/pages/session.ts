/**
 * The browser session of the HTML pages (launcher, authorize, interaction): an httpOnly,
 * SameSite=Lax cookie with a per-sandbox secret and store. Never used by the FHIR API or
 * the token endpoint, which authenticate with tokens and client credentials.
 */
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { AuthState } from '../state.js';

declare module 'express-session' {
  interface SessionData {
    /** The CSRF token of every form this session is shown. */
    csrf?: string;
  }
}

export const SESSION_COOKIE = 'mock-ehr.sid';

export function sessionMiddleware(auth: AuthState): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: auth.sessions.secret,
    store: auth.sessions.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 60 * 60 * 1000 },
  });
}
