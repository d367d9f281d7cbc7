/**
 * The form a resource is stored and served in: `resourceType`, `id` and `meta` first (as FHIR
 * JSON conventionally is), `meta.versionId` and `meta.lastUpdated` set by the server
 * (R4 resource.html#Meta), every other element as given and in the given order.
 *
 * Objects are built by adding keys one by one from an empty literal rather than by object
 * spread, so that every stored `meta` with the same keys shares one hidden class in V8 (a
 * spread gave each its own), or, for the two commonest shapes of `meta`, by one literal each;
 * the key order is exactly that of `{ ...meta, versionId, lastUpdated }`.
 */
import type { Meta, Resource, StoredResource } from '../fhir/resource.js';
import { compact } from './compact.js';

type StoredMeta = StoredResource['meta'];

/** `{ ...meta, versionId, lastUpdated }`, with one hidden class per key sequence. */
export function stampedMeta(meta: Meta | undefined, versionId: string, lastUpdated: string, compactDate = true): StoredMeta {
  if (compactDate) lastUpdated = compact(lastUpdated);
  if (!meta) return { versionId, lastUpdated };
  // The two commonest shapes, `{ lastUpdated, profile }` and `{ lastUpdated }` (the seed's: a
  // million at 5,000 patients), are made in one step, without a list of their keys.
  let n = 0;
  for (const key in meta) {
    if (n === 0 ? key !== 'lastUpdated' : n > 1 || key !== 'profile') {
      n = -1;
      break;
    }
    n++;
  }
  if (n === 2) return { lastUpdated, profile: meta.profile, versionId } as StoredMeta;
  if (n === 1) return { lastUpdated, versionId };
  const out: Record<string, unknown> = {};
  let hasVersion = false;
  let hasUpdated = false;
  for (const key of Object.keys(meta)) {
    if (key === 'versionId') {
      out.versionId = versionId;
      hasVersion = true;
    } else if (key === 'lastUpdated') {
      out.lastUpdated = lastUpdated;
      hasUpdated = true;
    } else {
      out[key] = meta[key];
    }
  }
  if (!hasVersion) out.versionId = versionId;
  if (!hasUpdated) out.lastUpdated = lastUpdated;
  return out as StoredMeta;
}

/** True when the first three keys of `resource` are `resourceType`, `id` and `meta`, in that order. */
function startsInStoredOrder(resource: Resource): boolean {
  let i = 0;
  for (const key in resource) {
    if (key !== (i === 0 ? 'resourceType' : i === 1 ? 'id' : 'meta')) return false;
    if (++i === 3) return true;
  }
  return false;
}

/** True when `resource` already is the stored form of version `versionId` at `lastUpdated` under `id`. */
function isStoredForm(resource: Resource, id: string, versionId: string, lastUpdated: string): resource is StoredResource {
  const meta = resource.meta;
  if (resource.id !== id || meta?.versionId !== versionId || meta.lastUpdated !== lastUpdated) return false;
  return startsInStoredOrder(resource);
}

/**
 * The stored form of `resource` as version `versionId`. With `adopt`, a resource already in
 * that form is returned itself (loading the seed keeps one object per resource, not two);
 * otherwise a new top-level object (nested elements are shared: copy them first if needed).
 */
export function storedForm(resource: Resource, id: string, versionId: string, lastUpdated: string, adopt = false): StoredResource {
  if (adopt && isStoredForm(resource, id, versionId, lastUpdated)) return resource;
  const out: Record<string, unknown> = { resourceType: resource.resourceType, id: compact(id), meta: stampedMeta(resource.meta, versionId, lastUpdated) };
  for (const key of Object.keys(resource)) {
    if (key !== 'resourceType' && key !== 'id' && key !== 'meta') out[key] = resource[key];
  }
  return out as StoredResource;
}

/**
 * Data to load, turned into stored form (version 1) where that is fixed in advance (an id and
 * a `meta.lastUpdated` are given), so the store adopts those objects instead of copying them.
 * With `inPlace` (the caller owns the objects and gives them up, as with freshly generated or
 * parsed data), a resource whose keys already start with `resourceType`, `id`, `meta` gets its
 * stamped `meta` assigned in place, which keeps every key where it was: the same stored form
 * without a second copy of each resource to make and collect.
 */
export function asLoadedVersions(resources: readonly Resource[], inPlace = false): Resource[] {
  return resources.map((r) => asLoadedVersion(r, inPlace));
}

/**
 * `asLoadedVersions` one resource at a time, as they are taken (the seed, loaded as it is
 * generated): each is also appended to `kept`, which ends up as `asLoadedVersions` would return,
 * and given to `note`, if any.
 */
export function* loadedVersionsAsTaken(resources: Iterable<Resource>, kept: Resource[], inPlace = false, note?: (resource: Resource) => void): Generator<Resource, void, undefined> {
  for (const r of resources) {
    const loaded = asLoadedVersion(r, inPlace);
    kept.push(loaded);
    note?.(loaded);
    yield loaded;
  }
}

function asLoadedVersion(r: Resource, inPlace: boolean): Resource {
  const lastUpdated = r.meta?.lastUpdated;
  if (typeof r.id !== 'string' || typeof lastUpdated !== 'string') return r;
  if (inPlace && !Object.isFrozen(r) && startsInStoredOrder(r)) {
    // No compact() here: a large load compacts every string while indexing (memory-store.ts).
    r.meta = stampedMeta(r.meta, '1', lastUpdated, false);
    return r;
  }
  return storedForm(r, r.id, '1', lastUpdated, true);
}
