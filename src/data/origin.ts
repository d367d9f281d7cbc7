/**
 * Where a loaded resource came from (file and entry), kept on the resource under a symbol so
 * later checks can name it. Symbols are neither serialized nor copied by structuredClone, so
 * the store never sees it.
 */
import type { Resource } from '../fhir/resource.js';

const ORIGIN = Symbol('mock-ehr.origin');

/** The file and entry a resource was loaded from. */
export interface Origin {
  file: string;
  entry?: string;
}

/** Records the origin of a loaded resource. */
export function setOrigin(resource: Resource, origin: Origin): void {
  Object.defineProperty(resource, ORIGIN, { value: origin, enumerable: false, configurable: true });
}

/** The origin of a loaded resource, or undefined for one that was not loaded from a file. */
export function originOf(resource: Resource): Origin | undefined {
  return (resource as { [ORIGIN]?: Origin })[ORIGIN];
}
