/**
 * Binary with its native content type (R4 binary.html#rest): bytes POSTed or PUT with any
 * content type other than FHIR JSON are stored as a Binary resource (`contentType`, base64
 * `data`), and a read or vread answers with the bytes and their content type unless the
 * client asks for FHIR JSON (`Accept: application/fhir+json` or `_format`).
 */
import type { FhirRequest, FhirResult } from '../request.js';

/** A request whose body is raw bytes, turned into a Binary resource; others unchanged. */
export function nativeBinaryRequest(request: FhirRequest): FhirRequest {
  if (request.resourceType !== 'Binary' || !Buffer.isBuffer(request.body)) return request;
  const resource: Record<string, unknown> = { resourceType: 'Binary', contentType: request.contentType ?? 'application/octet-stream' };
  if (request.id !== undefined) resource.id = request.id;
  resource.data = request.body.toString('base64');
  return { ...request, body: resource, contentType: undefined };
}

/** A read of a Binary as its own bytes, unless FHIR JSON was asked for. */
export function nativeBinaryResult(request: FhirRequest, result: FhirResult): FhirResult {
  const body = result.body as { resourceType?: string; contentType?: unknown; data?: unknown } | undefined;
  if (request.wantsFhir !== false || body?.resourceType !== 'Binary' || typeof body.contentType !== 'string') return result;
  const raw = typeof body.data === 'string' ? Buffer.from(body.data, 'base64') : Buffer.alloc(0);
  return { status: result.status, headers: { ...result.headers, 'Content-Type': body.contentType }, raw };
}
