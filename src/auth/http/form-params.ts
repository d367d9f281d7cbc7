/**
 * Form parameters of the token, introspection and revocation endpoints
 * (`application/x-www-form-urlencoded`, RFC 6749 §3.2). A parameter sent twice is an
 * `invalid_request` (RFC 6749 §3.1 and §3.2: "MUST NOT be included more than once").
 */
import type { Request } from 'express';
import { describeBodyError } from '../../http/body.js';
import { InvalidClientMetadataError, InvalidRequestError, type OAuthError } from '../errors.js';

export interface FormParams {
  /** The value of a parameter; an empty value counts as absent (RFC 6749 §3.1). */
  get(name: string): string | undefined;
  has(name: string): boolean;
}

export function paramsFromRecord(body: unknown): FormParams {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const repeated = Object.entries(record).filter(([, v]) => Array.isArray(v)).map(([k]) => k);
  if (repeated.length > 0) throw new InvalidRequestError(`parameters sent more than once: ${repeated.join(', ')}`);
  const get = (name: string): string | undefined => {
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return { get, has: (name) => get(name) !== undefined };
}

/** The form body of a POST, refusing other content types. */
export function formParams(req: Request): FormParams {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new InvalidRequestError('send the parameters as application/x-www-form-urlencoded');
  }
  return paramsFromRecord(req.body);
}

/**
 * A body that could not be read (too large, corrupt encoding, a forbidden key) as the OAuth
 * error of its endpoint: `invalid_client_metadata` for registration (RFC 7591 §3.2.2),
 * `invalid_request` elsewhere (RFC 6749 §5.2). Undefined for any other error.
 */
export function bodyParserError(error: unknown, registration = false): OAuthError | undefined {
  const body = describeBodyError(error);
  if (!body) return undefined;
  const description = body.status === 413 ? 'the request body is too large' : body.description;
  return registration ? new InvalidClientMetadataError(description) : new InvalidRequestError(description);
}
