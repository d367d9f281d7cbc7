/** ETag, Last-Modified and Location of a stored resource (R4 http.html#versioning). */
import type { StoredResource } from '../resource.js';

export function etag(versionId: string): string {
  return `W/"${versionId}"`;
}

/** The version named by an `If-Match` header: `W/"3"`, `"3"` or `3`. */
export function versionFromEtag(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?([^"]*)"?$/.exec(header.trim());
  return match?.[1] ?? header;
}

export function resourceHeaders(resource: StoredResource, base: string, withLocation = false): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: etag(resource.meta.versionId),
    'Last-Modified': new Date(resource.meta.lastUpdated).toUTCString(),
  };
  if (withLocation) {
    headers.Location = `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
  }
  return headers;
}
