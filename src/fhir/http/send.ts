/** Writes a FhirResult or an OperationOutcome error to an Express response. */
import type { Response } from 'express';
import { OperationOutcomeError, serverError } from '../../errors/operation-outcome.js';
import type { FhirResult } from '../request.js';
import { describeBodyError } from '../../http/body.js';
import { FHIR_JSON } from './media.js';
import { serialize, type JsonCache } from './serialize.js';

export function sendResult(res: Response, result: FhirResult, mediaType = FHIR_JSON, pretty = false, cache: JsonCache = new WeakMap()): void {
  res.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  if (result.raw) {
    // Stored bytes of any type: never sniffed, and sandboxed if a browser renders them.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', 'sandbox');
    res.end(result.raw);
    return;
  }
  if (result.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', `${mediaType}; charset=utf-8`);
  res.send(serialize(result.body, cache, pretty));
}

/** Turns any error into an OperationOutcomeError; a body that could not be read gets its FHIR status. */
export function toOperationOutcomeError(error: unknown, bodyLimit: number): OperationOutcomeError {
  if (error instanceof OperationOutcomeError) return error;
  const body = describeBodyError(error, bodyLimit);
  if (!body) return serverError();
  const code = body.status === 413 ? 'too-long' : body.status === 415 ? 'not-supported' : body.type === 'entity.forbidden.key' ? 'security' : body.type === 'entity.parse.failed' ? 'structure' : 'invalid';
  return new OperationOutcomeError(body.status, [{ severity: 'error', code, diagnostics: body.description }]);
}

export function sendError(res: Response, error: OperationOutcomeError, mediaType = FHIR_JSON): void {
  sendResult(res, { status: error.status, body: error.outcome, headers: error.headers }, mediaType);
}
