/**
 * The shape every stored FHIR resource has. The sandbox stores any R4 resource type,
 * so the body is open; the schema validator checks the rest on the way in.
 */
export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  [key: string]: unknown;
}

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  [key: string]: unknown;
}

/** A resource that has been stored: id and meta are always present. */
export interface StoredResource extends Resource {
  id: string;
  meta: Meta & { versionId: string; lastUpdated: string };
}

/** `Type/id`, the key the store and the reference index use. */
export function referenceKey(type: string, id: string): string {
  return `${type}/${id}`;
}

/** FHIR ids: 1-64 characters of letters, digits, `-` and `.` (R4 datatypes, id). */
export const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

/** Deep copy of a JSON value; resources never share objects with callers. */
export function cloneResource<T>(value: T): T {
  return structuredClone(value);
}
