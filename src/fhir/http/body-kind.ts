/**
 * Which body a FHIR request carries, by method, interaction and `Content-Type`
 * (R4 http.html#mime-type, #patch, binary.html#rest): FHIR JSON for writes and operations,
 * a JSON Patch for PATCH, form parameters for `POST _search`, and the raw bytes of a Binary
 * sent with its own content type. 415 for anything else.
 */
import { unsupportedMediaType } from '../../errors/operation-outcome.js';
import { JSON_PATCH } from '../interactions/patch.js';
import type { Route } from '../route-request.js';
import { FHIR_JSON, requireJsonBody } from './media.js';

export type BodyKind = 'none' | 'json' | 'form' | 'raw';

const FHIR_TYPES = new Set([FHIR_JSON, 'application/json', 'application/json+fhir']);

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The body to parse, and the media type to remember for a Binary or a patch. */
export function bodyKind(method: string, route: Route, contentTypeHeader: string | undefined): { kind: BodyKind; contentType?: string } {
  const type = mediaType(contentTypeHeader);
  if (method === 'PATCH') {
    if (type !== JSON_PATCH) {
      throw unsupportedMediaType(`PATCH takes a JSON Patch as ${JSON_PATCH} (got ${contentTypeHeader ?? 'no Content-Type'}); FHIRPath Patch and XML Patch are not supported`);
    }
    return { kind: 'json', contentType: JSON_PATCH };
  }
  if (method !== 'POST' && method !== 'PUT') return { kind: 'none' };
  if (route.interaction === 'search-type' || route.interaction === 'search-system') {
    if (type && type !== 'application/x-www-form-urlencoded') {
      throw unsupportedMediaType('POST _search takes its parameters as application/x-www-form-urlencoded');
    }
    return { kind: 'form' };
  }
  // A Binary may be sent as itself, in any content type (R4 binary.html#rest).
  if (route.resourceType === 'Binary' && (route.interaction === 'create' || route.interaction === 'update') && type && !FHIR_TYPES.has(type)) {
    return { kind: 'raw', contentType: contentTypeHeader!.trim() };
  }
  requireJsonBody(contentTypeHeader);
  return { kind: 'json' };
}

/** True when `Accept` or `_format` asks for FHIR JSON: a Binary then comes back as a resource. */
export function wantsFhirJson(accept: string | undefined, format: string | undefined): boolean {
  if (format !== undefined) return true;
  const types = (accept ?? '').split(',').map((p) => p.split(';')[0]!.trim().toLowerCase());
  return types.some((t) => FHIR_TYPES.has(t));
}
