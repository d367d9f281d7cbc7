/** Writes a FhirResult or an OperationOutcome error to an Express response. */
import type { Response } from 'express';
import { OperationOutcomeError, serverError } from '../../errors/operation-outcome.js';
import type { FhirResult } from '../request.js';
import { describeBodyError } from '../../http/body.js';
import { FHIR_JSON } from './media.js';
import { BytesCache } from './bytes-cache.js';
import { serialize, type JsonCache } from './serialize.js';

/**
 * What the router keeps of the responses it wrote: the JSON of each stored resource version
 * (a search bundle is written around it), and the bytes of a resource sent on its own (a read
 * sends them as they are). The JSON is weakly held by the version object: a version never
 * changes, and one no longer stored is forgotten with it. The bytes are bounded in size.
 */
export interface ResponseCache {
  json: JsonCache;
  bytes: BytesCache;
}

export function createResponseCache(bytesBudget?: number): ResponseCache {
  return { json: new WeakMap(), bytes: new BytesCache(bytesBudget) };
}

const FHIR_JSON_UTF8 = `${FHIR_JSON}; charset=utf-8`;

/** The bytes of a body: a single resource's kept with the resource, anything else serialized anew. */
function bodyBytes(body: unknown, cache: ResponseCache | undefined, pretty: boolean): Buffer {
  const resource = body as { resourceType?: unknown; entry?: unknown } | null;
  if (!cache || pretty || resource === null || typeof resource !== 'object' || resource.resourceType === undefined || (resource.resourceType === 'Bundle' && Array.isArray(resource.entry))) {
    return Buffer.from(serialize(body, cache?.json ?? new WeakMap(), pretty));
  }
  let bytes = cache.bytes.get(resource);
  if (bytes === undefined) {
    bytes = Buffer.from(cache.json.get(resource) ?? JSON.stringify(resource));
    cache.bytes.set(resource, bytes);
  }
  return bytes;
}

export function sendResult(res: Response, result: FhirResult, mediaType = FHIR_JSON, pretty = false, cache?: ResponseCache): void {
  // A status of our own, always valid: set as Express's `res.status` would, without its checks.
  res.statusCode = result.status;
  const headers = result.headers;
  if (headers) for (const name of Object.keys(headers)) res.setHeader(name, headers[name]!);
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
  res.setHeader('Content-Type', mediaType === FHIR_JSON ? FHIR_JSON_UTF8 : `${mediaType}; charset=utf-8`);
  const bytes = bodyBytes(result.body, cache, pretty);
  const req = res.req;
  // Express answers a conditional GET (If-None-Match, If-Modified-Since) with 304 and a HEAD
  // without a body; any other response is written as it is.
  if (req.method === 'HEAD' || req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined || result.status === 204 || result.status === 304) {
    res.send(bytes);
    return;
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
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
