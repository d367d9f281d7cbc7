/** Writes a FhirResult or an OperationOutcome error to an Express response. */
import type { Response } from 'express';
import { OperationOutcomeError, serverError } from '../../errors/operation-outcome.js';
import type { FhirResult } from '../request.js';
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

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Turns any error into an OperationOutcomeError; body-parser errors get their FHIR status. */
export function toOperationOutcomeError(error: unknown, bodyLimit: number): OperationOutcomeError {
  if (error instanceof OperationOutcomeError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return new OperationOutcomeError(413, [
        { severity: 'error', code: 'too-long', diagnostics: `The request body is larger than the limit of ${bodyLimit} bytes` },
      ]);
    case 'entity.parse.failed':
      return new OperationOutcomeError(400, [
        { severity: 'error', code: 'structure', diagnostics: 'The request body is not valid JSON' },
      ]);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new OperationOutcomeError(415, [
        { severity: 'error', code: 'not-supported', diagnostics: 'The request body encoding or charset is not supported; send UTF-8' },
      ]);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new OperationOutcomeError(400, [{ severity: 'error', code: 'invalid', diagnostics: 'The request body could not be read' }]);
    default:
      return serverError();
  }
}

export function sendError(res: Response, error: OperationOutcomeError, mediaType = FHIR_JSON): void {
  sendResult(res, { status: error.status, body: error.outcome, headers: error.headers }, mediaType);
}
