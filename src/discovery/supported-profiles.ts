/**
 * `supportedProfile` of each CapabilityStatement resource entry (R4
 * capabilitystatement.html, CapabilityStatement.rest.resource.supportedProfile): the US Core
 * profiles that the stored resources of the type claim in `meta.profile`, as US Core clients
 * (and Inferno's US Core tests) read them. Profiles of other publishers are not listed: the
 * server checks none of them.
 */
import type { Resource } from '../fhir/resource.js';
import { US_CORE } from '../fhir/validate/us-core.js';
import type { ResourceStore } from '../store/resource-store.js';

/** Type to its sorted US Core profiles; types whose data claims none are left out. */
export type ClaimedProfiles = ReadonlyMap<string, readonly string[]>;

/** Collects claimed profiles type by type, looking at each shared profile list once. */
export function profileCollector(): { add(resource: Resource): void; result(): Map<string, string[]> } {
  const claimed = new Map<string, Set<string>>();
  // Generated resources share their profile lists, frozen (a few dozen lists for a million
  // resources): each of those is looked at once per type. The last list seen per type
  // catches runs of equal lists that are not shared.
  const last = new Map<string, unknown>();
  const seen = new Map<string, Set<unknown>>();
  return {
    add(resource) {
      const profiles = resource.meta?.profile;
      const type = resource.resourceType;
      if (!Array.isArray(profiles) || last.get(type) === profiles) return;
      last.set(type, profiles);
      if (Object.isFrozen(profiles)) {
        let lists = seen.get(type);
        if (!lists) seen.set(type, (lists = new Set()));
        if (lists.has(profiles)) return;
        lists.add(profiles);
      }
      let set = claimed.get(type);
      for (const profile of profiles) {
        if (typeof profile !== 'string' || !profile.startsWith(US_CORE)) continue;
        if (!set) claimed.set(type, (set = new Set()));
        set.add(profile);
      }
    },
    result() {
      const byType = new Map<string, string[]>();
      for (const [type, set] of claimed) byType.set(type, [...set].sort());
      return byType;
    },
  };
}

/** The profiles claimed by `resources` (what `claimedProfiles` gives for a store holding just these). */
export function profilesClaimedBy(resources: Iterable<Resource>): Map<string, string[]> {
  const collector = profileCollector();
  for (const resource of resources) collector.add(resource);
  return collector.result();
}

/** The profiles claimed by what `store` holds now. */
export function claimedProfiles(store: ResourceStore): Map<string, string[]> {
  const collector = profileCollector();
  for (const type of store.types()) for (const resource of store.all(type)) collector.add(resource);
  return collector.result();
}

/**
 * The claimed profiles of a store, kept until its data next changes (ResourceStore.generation:
 * every write, delete, load, undone transaction and reset moves it), so that `GET /metadata`
 * does not look at every stored resource each time. One result is kept at a time.
 */
export interface ClaimedProfilesCache {
  get(): ClaimedProfiles;
  /** Keeps `profiles`, computed from exactly what the store holds at `generation` (the data it was just loaded with). */
  prime(profiles: ClaimedProfiles, generation: number): void;
}

export function createClaimedProfilesCache(store: ResourceStore): ClaimedProfilesCache {
  let kept: { generation: number; profiles: ClaimedProfiles } | undefined;
  return {
    get() {
      const generation = store.generation();
      if (kept?.generation !== generation) kept = { generation, profiles: claimedProfiles(store) };
      return kept.profiles;
    },
    prime(profiles, generation) {
      kept = { generation, profiles };
    },
  };
}
