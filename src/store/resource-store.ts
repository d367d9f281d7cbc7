/**
 * The storage port of the FHIR API. Interactions speak to this interface only, so another
 * implementation (a file-backed one, say) can replace the in-memory one.
 */
import type { Resource, StoredResource } from '../fhir/resource.js';

export type HistoryMethod = 'POST' | 'PUT' | 'DELETE';

/** How `load` may keep the given resources. */
export interface LoadOptions {
  /**
   * The store owns these objects for good (the seed): in a large load, equal elements (a
   * Coding, a Reference, a CodeableConcept, a list of them) may become one shared, frozen
   * object. The served JSON is the same.
   */
  shareElements?: boolean;
  /**
   * Whatever their number, neither share nor compact these resources: for data made compact
   * already (the seed's generator shares its repeated elements, frozen, and makes its strings
   * flat), so that a large data set answers as soon as it is loaded. Their ids must be
   * distinct and new to the store (the seed's, loaded into an empty store, are): each is
   * added without first looking it up, and the load fails if one was not.
   */
  asGiven?: boolean;
}

/** One version in a resource's history (R4 http.html#history). */
export interface VersionEntry {
  versionId: string;
  lastUpdated: string;
  method: HistoryMethod;
  /** Absent for a deletion. */
  resource?: StoredResource;
}

export interface WriteResult {
  resource: StoredResource;
  created: boolean;
}

export interface UpdateOptions {
  /** The version the client expects to replace (from `If-Match`); mismatch is 412. */
  ifMatch?: string;
}

/** How to find the references one search parameter makes, for `ResourceStore.referencing`. */
export interface ReferenceIndex {
  /** Names the index: one name, one `keysOf`. */
  name: string;
  /** The `Type/id` keys a resource refers to through the parameter. */
  keysOf: (resource: Readonly<StoredResource>) => readonly string[];
}

export interface ResourceStore {
  /** Resource types that hold at least one current resource. */
  types(): string[];
  /** Number of current (not deleted) resources of a type, or of all types. */
  count(type?: string): number;
  /** The current version without copying; callers must not change it. */
  peek(type: string, id: string): Readonly<StoredResource> | undefined;
  /** True when the id existed and its last version is a deletion. */
  isDeleted(type: string, id: string): boolean;
  /**
   * A copy of the current version; 404 when unknown, 410 when deleted. With `copy: false`
   * the stored object itself, which the caller must not change (the HTTP layer serializes
   * it at once).
   */
  read(type: string, id: string, options?: { copy?: boolean }): StoredResource;
  /** A copy of one version (or, with `copy: false`, the stored one); 404 when unknown, 410 when that version is a deletion. */
  vread(type: string, id: string, versionId: string, options?: { copy?: boolean }): StoredResource;
  /** Every version of one resource, newest first; 404 when unknown. */
  history(type: string, id: string): VersionEntry[];
  /** Every version of every resource of a type (or all types), newest first. */
  typeHistory(type?: string): (VersionEntry & { type: string; id: string })[];
  /** Stores a new resource with a new id (or the given one, for loading). */
  create(resource: Resource, options?: { id?: string }): StoredResource;
  /** Creates or replaces `resource.id` (update as create is allowed). */
  update(resource: Resource & { id: string }, options?: UpdateOptions): WriteResult;
  /** Marks a resource deleted; returns false when there was nothing to delete. */
  delete(type: string, id: string): boolean;
  /** Current resources of a type in a stable order (creation order); no copies. */
  all(type: string): Iterable<Readonly<StoredResource>>;
  /** Keys (`Type/id`) of current resources whose references point at `target` (`Type/id`). */
  referencesTo(target: string): ReadonlySet<string>;
  /**
   * Makes, a part at a time, what `referencesTo` needs for targets of `types` (their reverse
   * index is otherwise made in one go when first asked for): walks up to `limit` more
   * resources, and returns true once it is complete. For idle moments after a large load.
   */
  prepareIndex?(types: readonly string[], limit: number): boolean;
  /**
   * The current resources of `type` that `index.keysOf` says refer to one of `targets`
   * (`Type/id` keys), each once, in creation order. The index of each `index.name` is made
   * on first use and kept up to date by every write, delete and undo (a load drops it: it is
   * made again when next used), so a lookup costs what it returns. `keysOf` must be a pure
   * function of the resource (the same name, the same function).
   */
  referencing(type: string, index: ReferenceIndex, targets: readonly string[]): readonly Readonly<StoredResource>[];
  /** How many resources `referencing` would give at most (exactly, for one target), without reading them. */
  countReferencing(type: string, index: ReferenceIndex, targets: readonly string[]): number;
  /**
   * A number that changes whenever the stored data may have changed (a write, a delete, a
   * load, an undone transaction, `clear`): results computed at one generation hold until it moves.
   */
  generation(): number;
  /** Creation sequence number of a current resource, for stable ordering. */
  order(type: string, id: string): number;
  /**
   * Loads resources as they are (keeping ids and meta), version 1 each; for seeding. The
   * store keeps the given objects without copying them (seeding 50 patients would otherwise
   * spend most of its time copying): do not change them afterwards.
   */
  load(resources: Iterable<Resource>, options?: LoadOptions): void;
  /**
   * Runs `fn`; if it throws, every write it made is undone before the error propagates.
   * Used by transactions (R4 http.html#transaction: all or nothing).
   */
  atomically<T>(fn: () => T): T;
  /** A fresh id, as `create` would assign one (transactions reserve ids before they write). */
  newId(): string;
  /** Removes everything. */
  clear(): void;
}
