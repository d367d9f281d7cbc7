/**
 * Content negotiation for the FHIR API (R4 http.html#mime-type): JSON only. XML is refused
 * with 406; request bodies must be FHIR JSON (415 otherwise).
 */
import { notAcceptable, unsupportedMediaType } from '../../errors/operation-outcome.js';

export const FHIR_JSON = 'application/fhir+json';

const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

function mediaTypes(header: string): string[] {
  return header
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .filter(Boolean);
}

/** The response media type for an `Accept` header and `_format`; throws 406 for XML or other types. */
export function negotiate(accept: string | undefined, format: string | undefined): string {
  if (format !== undefined) {
    if (!JSON_FORMATS.has(format.toLowerCase())) {
      throw notAcceptable(`_format=${format} is not supported: this server speaks FHIR JSON only`);
    }
    return FHIR_JSON;
  }
  if (!accept) return FHIR_JSON;
  const types = mediaTypes(accept);
  if (types.length === 0 || types.some((t) => t === '*/*' || t === 'application/*' || t === FHIR_JSON || t === 'application/json+fhir')) {
    return FHIR_JSON;
  }
  if (types.includes('application/json')) return 'application/json';
  if (types.includes('text/html') || types.includes('text/*')) return FHIR_JSON;
  throw notAcceptable(`Accept: ${accept} cannot be served: this server speaks FHIR JSON (application/fhir+json) only`);
}

/** Checks a request body's `Content-Type`; 415 for anything but FHIR JSON. */
export function requireJsonBody(contentType: string | undefined): void {
  const type = contentType ? mediaTypes(contentType)[0] : undefined;
  if (!type || !JSON_TYPES.has(type)) {
    throw unsupportedMediaType(
      `Content-Type ${contentType ?? '(none)'} is not supported: send the resource as application/fhir+json`,
    );
  }
}
