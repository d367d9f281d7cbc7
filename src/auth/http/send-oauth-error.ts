/**
 * The one serializer of OAuth errors as JSON (RFC 6749 §5.2): `{ error, error_description }`,
 * never anything else, with `Cache-Control: no-store` and `Pragma: no-cache`; 401 with
 * `WWW-Authenticate` when the client authenticated with the `Authorization` header.
 * Unexpected errors are logged here and leave as a plain `server_error`.
 */
import type { Response } from 'express';
import { InvalidClientError, toOAuthError, type OAuthError } from '../errors.js';

export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

/** Logs what is not an OAuthError (a bug) and returns the error to send. */
export function describeFailure(error: unknown, where: string): OAuthError {
  const oauth = toOAuthError(error);
  if (oauth !== error) console.error(`mock-ehr: unexpected error at the ${where} endpoint:`, error);
  return oauth;
}

export function sendOAuthError(res: Response, error: OAuthError): void {
  noStore(res);
  if (error instanceof InvalidClientError && error.usedAuthorizationHeader) {
    res.setHeader('WWW-Authenticate', 'Basic realm="mock-ehr", charset="UTF-8"');
  }
  res.status(error.status).json({ error: error.code, error_description: error.description });
}
