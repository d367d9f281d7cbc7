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

/**
 * The ETag and Last-Modified of each stored version a read answered, formatted once (a version
 * never changes; an update is a new version object, with its own). Weakly held by the version.
 */
export type VersionHeaders = WeakMap<StoredResource, Readonly<Record<string, string>>>;

/** `resourceHeaders` without a Location, kept per version in `cache` (read-only: shared by every read of that version). */
export function versionHeaders(resource: StoredResource, cache: VersionHeaders): Readonly<Record<string, string>> {
  let headers = cache.get(resource);
  if (headers === undefined) {
    headers = Object.freeze(resourceHeaders(resource, ''));
    cache.set(resource, headers);
  }
  return headers;
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
