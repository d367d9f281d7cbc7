/** Writes a FhirResult or an OperationOutcome error to an Express response. */
import type { Response } from 'express';
import { OperationOutcomeError, serverError } from '../../errors/operation-outcome.js';
import type { FhirResult } from '../request.js';
import { describeBodyError } from '../../http/body.js';
import { FHIR_JSON } from './media.js';
import { notModified } from './not-modified.js';
import { BytesCache } from './bytes-cache.js';
import { createJsonCache, serialize, type JsonCache } from './serialize.js';

/**
 * What the router keeps of the responses it wrote: the JSON of stored resource versions and
 * the bytes of shared searchset entries (a search bundle is written around them), and the
 * bytes of a resource sent on its own (a read sends them as they are). The JSON and the entry
 * bytes are weakly held by the version (or its entry): a version never changes, and one no
 * longer stored is forgotten with it. The bytes of resources sent on their own are bounded in size.
 */
export interface ResponseCache {
  json: JsonCache;
  bytes: BytesCache;
}

export function createResponseCache(bytesBudget?: number): ResponseCache {
  return { json: createJsonCache(), bytes: new BytesCache(bytesBudget) };
}

const FHIR_JSON_UTF8 = `${FHIR_JSON}; charset=utf-8`;

/**
 * The bytes of a body: a stored version's kept with the version, anything else serialized anew
 * (a body made for one response is never asked for again: keeping it would only hold it and
 * push out the bytes of the versions reads send).
 */
function bodyBytes(body: unknown, cache: ResponseCache | undefined, pretty: boolean, stored: boolean): Buffer {
  const resource = body as { resourceType?: unknown; entry?: unknown } | null;
  if (!cache || pretty || !stored || resource === null || typeof resource !== 'object' || resource.resourceType === undefined || (resource.resourceType === 'Bundle' && Array.isArray(resource.entry))) {
    return serialize(body, cache?.json ?? createJsonCache(), pretty);
  }
  let bytes = cache.bytes.get(resource);
  if (bytes === undefined) {
    bytes = Buffer.from(cache.json.json.get(resource) ?? JSON.stringify(resource));
    cache.bytes.set(resource, bytes);
  }
  return bytes;
}

export function sendResult(res: Response, result: FhirResult, mediaType = FHIR_JSON, pretty = false, cache?: ResponseCache): void {
  // A status of our own, always valid: set as Express's `res.status` would, without its checks.
  res.statusCode = result.status;
  const headers = result.headers;
  if (headers) for (const name of Object.keys(headers)) res.setHeader(name, headers[name]!);
  if (notModified(res.req, res, result.status)) {
    // RFC 9110 §15.4.5: a 304 has no content; its validators stay.
    res.statusCode = 304;
    for (const name of ['Content-Type', 'Content-Length', 'Transfer-Encoding']) res.removeHeader(name);
    res.end();
    return;
  }
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
  let chunks: readonly Buffer[];
  if (pretty || result.json === undefined) {
    const bytes = bodyBytes(result.body, cache, pretty, result.stored === true);
    if (!pretty) result.keep?.(bytes);
    chunks = [bytes];
  } else chunks = result.json;
  const req = res.req;
  // Express writes a HEAD without a body; any other response is written as it is.
  if (req.method === 'HEAD' || req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined || result.status === 204 || result.status === 304) {
    res.send(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    return;
  }
  if (chunks.length === 1) {
    res.setHeader('Content-Length', chunks[0]!.length);
    res.end(chunks[0]!);
    return;
  }
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  res.setHeader('Content-Length', length);
  // Corked, the head and every piece leave in one write.
  res.cork();
  for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]!);
  res.end(chunks[chunks.length - 1]!);
  res.uncork();
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
