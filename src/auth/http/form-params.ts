/**
 * Form parameters of the token, introspection and revocation endpoints
 * (`application/x-www-form-urlencoded`, RFC 6749 §3.2). A parameter sent twice is an
 * `invalid_request` (RFC 6749 §3.1 and §3.2: "MUST NOT be included more than once").
 */
import type { Request } from 'express';
import { InvalidRequestError } from '../errors.js';

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

/** Body-parser failures (too large, bad encoding) as `invalid_request`. */
export function bodyParserError(error: unknown): InvalidRequestError | undefined {
  const type = (error as { type?: unknown })?.type;
  if (typeof type !== 'string') return undefined;
  if (type === 'entity.too.large') return new InvalidRequestError('the request body is too large');
  return new InvalidRequestError('the request body could not be read as a form');
}
