/**
 * `supportedProfile` of each CapabilityStatement resource entry (R4
 * capabilitystatement.html, CapabilityStatement.rest.resource.supportedProfile): the US Core
 * profiles that the stored resources of the type claim in `meta.profile`, as US Core clients
 * (and Inferno's US Core tests) read them. Profiles of other publishers are not listed: the
 * server checks none of them.
 */
import { US_CORE } from '../fhir/validate/us-core.js';
import type { ResourceStore } from '../store/resource-store.js';

/** Type to its sorted US Core profiles; types whose data claims none are left out. */
export function claimedProfiles(store: ResourceStore): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const type of store.types()) {
    const claimed = new Set<string>();
    // Generated resources of one kind share one profile list: look at each list once.
    let last: unknown;
    for (const resource of store.all(type)) {
      const profiles = resource.meta?.profile;
      if (profiles === last || !Array.isArray(profiles)) continue;
      last = profiles;
      for (const profile of profiles) if (typeof profile === 'string' && profile.startsWith(US_CORE)) claimed.add(profile);
    }
    if (claimed.size > 0) byType.set(type, [...claimed].sort());
  }
  return byType;
}
