/**
 * The profiles the stored data claims, by resource type, for the CapabilityStatement's
 * `rest.resource.supportedProfile` (R4 capabilitystatement-definitions.html
 * #CapabilityStatement.rest.resource.supportedProfile): read from `meta.profile` of the
 * current resources, so the list is what the data really claims, generated or written.
 */
import type { ResourceStore } from '../store/resource-store.js';

/** Sorted profile URLs by resource type (types whose resources claim none are absent). */
export function supportedProfiles(store: ResourceStore): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const type of store.types()) {
    const profiles = new Set<string>();
    for (const r of store.all(type)) {
      const claimed = r.meta.profile;
      if (Array.isArray(claimed)) for (const p of claimed) if (typeof p === 'string') profiles.add(p);
    }
    if (profiles.size > 0) out.set(type, [...profiles].sort());
  }
  return out;
}
