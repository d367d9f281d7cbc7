/**
 * The in-memory ResourceStore: full version history, copies on the way in and out,
 * and a reference index so that searches by patient or subject never scan a whole type.
 * Implements R4 http.html read, vread, update, delete and history semantics.
 */
import type { Clock } from '../clock.js';
import { cloneResource, referenceKey, type Resource, type StoredResource } from '../fhir/resource.js';
import { gone, notFound, preconditionFailed } from '../errors/operation-outcome.js';
import { referencesInto, sharedElements, targetList, type SharedElements } from './references.js';
import { compact } from './compact.js';
import { storedForm } from './stored-form.js';
import type { LoadOptions, ReferenceIndex, ResourceStore, UpdateOptions, VersionEntry, WriteResult } from './resource-store.js';

/** Marks an entry whose version 1 was written by PUT (update as create) while it has no version list. */
const PUT = 'PUT';

/**
 * One resource id. Most resources only ever have one version, so the version list is made
 * only when a second version is written: until then version 1 is `current` itself, and
 * `versions` says how it was written (undefined: POST, or loaded; `PUT`). The entry holds no
 * `Type/id` string of its own: the reverse reference index holds entries, and makes the key
 * from the current version when asked (a key per entry cost 40 bytes, 1M entries at 5,000 patients).
 * Nor does it hold the targets its current version refers to: a stored version never changes,
 * so when it is replaced its targets are found again by walking it (a list per entry cost
 * about 70 MB at 5,000 patients).
 */
interface Entry {
  /** Creation order, for stable paging. */
  seq: number;
  current: StoredResource | undefined;
  /** Every version, oldest first; while there is only version 1, how it was written. */
  versions: VersionEntry[] | typeof PUT | undefined;
}

export interface MemoryStoreOptions {
  clock: Clock;
  /** Makes ids for created resources; default: random UUIDs. */
  newId?: () => string;
  /** Called by `clear()`, so an id sequence can start again. */
  onClear?: () => void;
}

const EMPTY: ReadonlySet<string> = new Set();
const NO_KEYS: readonly string[] = [];

/** One search parameter's references over one type: target `Type/id` -> the entries referring to it, in creation order. */
interface ParameterIndex {
  keysOf: ReferenceIndex['keysOf'];
  byTarget: Map<string, Entry[]>;
}

/** A walk over every resource that makes the reverse index of some target types (see `prepareIndex`). */
interface Building {
  /** `Type/` of each target type it indexes. */
  prefixes: string[];
  /** The tables still to walk, and the entries left in the one being walked. */
  tables: Iterator<Map<string, Entry>>;
  entries: Iterator<Entry> | undefined;
}

/** Where `entry` is, or would go, in a list kept in creation order. */
function positionOf(list: readonly Entry[], entry: Entry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq < entry.seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `entry` into a list kept in creation order (appending, as nearly always, costs nothing more). */
function insertInOrder(list: Entry[], entry: Entry): void {
  const n = list.length;
  if (n === 0 || list[n - 1]!.seq < entry.seq) {
    list.push(entry);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq < entry.seq) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== entry) list.splice(lo, 0, entry);
}

/**
 * Loads of at least this many resources compact their strings as they load (compact.ts) and,
 * with `shareElements`, share equal elements: about a tenth of the heap at thousands of
 * patients, for data that was not made compact (`asGiven`: the seed's generator makes it so).
 */
const COMPACT_FROM = 20_000;

/** The version list of an entry, when it has one (two versions or more). */
function listOf(entry: Entry): VersionEntry[] | undefined {
  const { versions } = entry;
  return typeof versions === 'object' ? versions : undefined;
}

/** The versions of an entry, oldest first (version 1 made from `current` when it is the only one). */
function versionsOf(entry: Entry): readonly VersionEntry[] {
  const list = listOf(entry);
  if (list) return list;
  const resource = entry.current;
  if (!resource) return [];
  return [{ versionId: resource.meta.versionId, lastUpdated: resource.meta.lastUpdated, method: entry.versions === PUT ? 'PUT' : 'POST', resource }];
}

/** Adds a version, making the list when it is the second one. */
function addVersion(entry: Entry, version: VersionEntry): void {
  const list = listOf(entry) ?? [...versionsOf(entry)];
  entry.versions = list;
  list.push(version);
}

/** `Type/id` of a linked entry's current version. */
const keyOf = (resource: StoredResource): string => referenceKey(resource.resourceType, resource.id);

/** The number of versions an entry has (a deleted entry has its list). */
const versionCount = (entry: Entry): number => listOf(entry)?.length ?? 1;

export function createMemoryStore({ clock, newId = () => crypto.randomUUID(), onClear }: MemoryStoreOptions): ResourceStore {
  const byType = new Map<string, Map<string, Entry>>();
  /**
   * The reverse reference index: target `Type/id` -> the entries that refer to it, in creation
   * order: the entry while there is one, then an array (a Set per target cost about 400 bytes,
   * a quarter of the heap per patient; an entry is never linked twice to one target, see
   * `index`). It holds the targets of the types in `indexed` only: each target type is indexed
   * when it is first asked for (one walk over every resource), and kept up to date from then
   * on. Most references in a chart point at its observations, encounters and other resources
   * of its own, which only `_revinclude` asks about; indexing those only then keeps about
   * 80 MB out of a 5,000-patient sandbox, and a load into a store with no index made yet (the
   * seed, a reset) is not slowed by indexing.
   */
  const referencedBy = new Map<string, Entry | Entry[]>();
  /** `Type/` of each target type whose index is complete. */
  let indexed: string[] = [];
  /** An index being made a part at a time (see `prepareIndex`): its prefixes and where its walk is. */
  let building: Building | undefined;
  /** The targets of the resource being indexed (one list for every walk). */
  const scratch = targetList();
  let seq = 0;
  /** Undo steps of the writes made inside `atomically`, newest last. */
  let journal: (() => void)[] | undefined;
  /** Type -> index name -> the index of one search parameter's references (made on first use). */
  const parameterIndexes = new Map<string, Map<string, ParameterIndex>>();
  /** Moves with every change of the data (see `generation()`). */
  let generation = 0;

  /** Keeps the parameter indexes of `type` up to date when an entry goes from `before` to `after`. */
  const reindexParameters = (type: string, entry: Entry, before: StoredResource | undefined, after: StoredResource | undefined): void => {
    generation++;
    const indexes = parameterIndexes.get(type);
    if (!indexes) return;
    for (const { keysOf, byTarget } of indexes.values()) {
      const old = before ? keysOf(before) : NO_KEYS;
      const now = after ? keysOf(after) : NO_KEYS;
      for (const key of old) {
        if (now.includes(key)) continue;
        const list = byTarget.get(key);
        const at = list ? list.indexOf(entry) : -1;
        if (at < 0) continue;
        list!.splice(at, 1);
        if (list!.length === 0) byTarget.delete(key);
      }
      for (const key of now) {
        if (old.includes(key)) continue;
        let list = byTarget.get(key);
        if (!list) byTarget.set(key, (list = []));
        insertInOrder(list, entry);
      }
    }
  };

  /** The index of `index.name` over `type`, made now from the current resources if it is not made yet. */
  const parameterIndex = (type: string, index: ReferenceIndex): ParameterIndex => {
    let indexes = parameterIndexes.get(type);
    if (!indexes) parameterIndexes.set(type, (indexes = new Map()));
    let made = indexes.get(index.name);
    if (made) return made;
    made = { keysOf: index.keysOf, byTarget: new Map() };
    // A table's entries are in creation order (ids are added once and only undo removes them).
    for (const entry of byType.get(type)?.values() ?? []) {
      if (!entry.current) continue;
      for (const key of index.keysOf(entry.current)) {
        const list = made.byTarget.get(key);
        if (!list) made.byTarget.set(key, [entry]);
        else if (list[list.length - 1] !== entry) list.push(entry);
      }
    }
    indexes.set(index.name, made);
    return made;
  };

  /** Remembers how an entry was, so `atomically` can put it back if a later step fails. */
  const remember = (type: string, id: string, entry: Entry | undefined): void => {
    if (!journal) return;
    if (!entry) {
      journal.push(() => {
        const e = byType.get(type)?.get(id);
        if (e) {
          index(e, e.current, undefined);
          reindexParameters(type, e, e.current, undefined);
        }
        byType.get(type)?.delete(id);
      });
      return;
    }
    const { versions, current } = entry;
    const list = listOf(entry);
    const length = list?.length ?? 0;
    journal.push(() => {
      if (list) list.length = length;
      entry.versions = versions;
      reindexParameters(type, entry, entry.current, current);
      const undone = entry.current;
      entry.current = current;
      index(entry, undone, current);
    });
  };

  const table = (type: string): Map<string, Entry> => {
    let t = byType.get(type);
    if (!t) {
      t = new Map();
      byType.set(type, t);
    }
    return t;
  };

  /** True when `target` is of a type in `prefixes`. */
  const ofPrefixes = (target: string, prefixes: readonly string[]): boolean => {
    for (const prefix of prefixes) if (target.startsWith(prefix)) return true;
    return false;
  };

  /** Forgets that `source` refers to `target`. */
  const unlink = (target: string, source: Entry): void => {
    const sources = referencedBy.get(target);
    if (sources === source) referencedBy.delete(target);
    else if (Array.isArray(sources)) {
      const at = positionOf(sources, source);
      if (sources[at] === source) sources.splice(at, 1);
      if (sources.length === 0) referencedBy.delete(target);
    }
  };

  /**
   * Records that `source` refers to `target`: the entry for one source, an array from the
   * second, in creation order (`index` unlinks an entry's old targets before it links the new
   * ones, so it is not there yet). `append` (a walk that makes an index, which sorts each list
   * once at its end) adds at the end.
   */
  const link = (target: string, source: Entry, append = false): void => {
    const sources = referencedBy.get(target);
    if (sources === undefined) referencedBy.set(target, source);
    else if (!Array.isArray(sources)) referencedBy.set(target, append || sources.seq < source.seq ? [sources, source] : [source, sources]);
    else if (append) sources.push(source);
    else insertInOrder(sources, source);
  };

  /**
   * Moves `entry` in the reverse index from the targets of `before` (the version it was
   * indexed with, unchanged since) to those of `after`, for the target types indexed. With
   * `compactStrings` (a large load), the walk also compacts the resource's strings
   * (compact.ts), and with `shared` it makes equal elements of the load one object
   * (references.ts): the walk is then made whatever is indexed.
   */
  const index = (entry: Entry, before: Resource | undefined, after: Resource | undefined, compactStrings = false, shared?: SharedElements): void => {
    if (indexed.length === 0 && !compactStrings && !shared) return;
    if (before && indexed.length > 0) {
      referencesInto(before, scratch);
      for (let i = 0; i < scratch.size; i++) if (ofPrefixes(scratch.items[i]!, indexed)) unlink(scratch.items[i]!, entry);
    }
    if (!after) return;
    referencesInto(after, scratch, compactStrings, shared);
    if (indexed.length === 0) return;
    // The key kept is the reference string of the first resource linked (a large load has
    // compacted it, compact.ts); a later equal target only looks it up.
    for (let i = 0; i < scratch.size; i++) {
      const target = scratch.items[i]!;
      if (ofPrefixes(target, indexed)) link(compactStrings ? compact(target) : target, entry);
    }
  };

  /**
   * Walks up to `limit` more resources for the index being made; when the walk is done, sorts
   * its lists into creation order and adds its types to `indexed`. Returns whether it is done.
   */
  const buildSome = (limit: number): boolean => {
    const b = building;
    if (!b) return true;
    let walked = false;
    for (let n = 0; n < limit; ) {
      if (!b.entries) {
        const next = b.tables.next();
        if (next.done) {
          walked = true;
          break;
        }
        b.entries = next.value.values();
      }
      const step = b.entries.next();
      if (step.done) {
        b.entries = undefined;
        continue;
      }
      const entry = step.value;
      n++;
      if (!entry.current) continue;
      referencesInto(entry.current, scratch);
      for (let i = 0; i < scratch.size; i++) if (ofPrefixes(scratch.items[i]!, b.prefixes)) link(scratch.items[i]!, entry, true);
    }
    if (!walked) return false;
    // Tables were walked one type after another: each list goes into creation order once.
    for (const [target, sources] of referencedBy) {
      if (Array.isArray(sources) && ofPrefixes(target, b.prefixes)) sources.sort((x, y) => x.seq - y.seq);
    }
    indexed = [...indexed, ...b.prefixes];
    building = undefined;
    return true;
  };

  /** Starts making the index of the target types in `types` that are neither indexed nor being indexed. */
  const startBuilding = (types: readonly string[]): void => {
    const missing = types.map((t) => `${t}/`).filter((p) => !indexed.includes(p) && !building?.prefixes.includes(p));
    if (missing.length === 0) return;
    // One walk at a time: one under way is finished first.
    settle();
    building = { prefixes: missing, tables: byType.values(), entries: undefined };
  };

  /** Finishes the index being made: before anything changes the data or reads the index. */
  const settle = (): void => {
    if (building) buildSome(Infinity);
  };

  /** The reverse index of the target type of `target`, complete. */
  const indexFor = (target: string): void => {
    const slash = target.indexOf('/');
    if (slash <= 0) return;
    startBuilding([target.slice(0, slash)]);
    settle();
  };

  /** Drops a walk under way (a load), with what it has linked so far: its types are made again when next asked for. */
  const dropWalk = (): void => {
    const b = building;
    if (!b) return;
    building = undefined;
    for (const target of referencedBy.keys()) if (ofPrefixes(target, b.prefixes)) referencedBy.delete(target);
  };

  /** Forgets the whole reverse index (`clear`): each type is indexed again when next asked for. */
  const forgetIndex = (): void => {
    referencedBy.clear();
    indexed = [];
    building = undefined;
  };

  const existing = (type: string, id: string): Entry => {
    const entry = byType.get(type)?.get(id);
    if (!entry) throw notFound(`${type}/${id} is not known`);
    return entry;
  };

  const write = (
    resource: Resource,
    id: string,
    method: 'POST' | 'PUT',
    lastUpdated?: string,
    copy = true,
    compactStrings = false,
    shared?: SharedElements,
  ): StoredResource => {
    settle();
    const type = resource.resourceType;
    const t = table(type);
    let entry = t.get(id);
    remember(type, id, entry);
    const versionId = entry ? String(versionCount(entry) + 1) : '1';
    const stamp = lastUpdated ?? new Date(clock.now()).toISOString();
    // Loading keeps the given object when it already is in stored form; writes copy.
    const stored = storedForm(copy ? cloneResource(resource) : resource, id, versionId, stamp, !copy);
    const before = entry?.current;
    if (!entry) {
      entry = { seq: ++seq, current: stored, versions: method === 'PUT' ? PUT : undefined };
      t.set(id, entry);
    } else {
      addVersion(entry, { versionId, lastUpdated: stamp, method, resource: stored });
      entry.current = stored;
    }
    reindexParameters(type, entry, before, stored);
    index(entry, before, stored, compactStrings, shared);
    return stored;
  };

  /** Entries in every table (current, deleted or not). */
  const entryCount = (): number => {
    let n = 0;
    for (const t of byType.values()) n += t.size;
    return n;
  };

  /**
   * Loads resources whose ids are new to the store and distinct (`asGiven`). Each is added to
   * its type's table with one operation instead of a lookup and then an insertion, and not as
   * it is taken but all at the end, in the order taken, in one loop per type: interleaved with
   * making the seed, every table operation missed the processor's caches and recorded a young
   * key and entry in an old table, about 1.2 s for a million resources against about 0.3 s
   * afterwards. The number of entries is checked at the end: a repeated or known id fails the
   * load. Nothing reads the store while it loads (the seed's generator does not).
   */
  const addAll = (resources: Iterable<Resource>): void => {
    const before = entryCount();
    let added = 0;
    const taken = new Map<Map<string, Entry>, { ids: string[]; entries: Entry[] }>();
    for (const resource of resources) {
      const id = resource.id ?? newId();
      const stored = storedForm(resource, id, '1', resource.meta?.lastUpdated ?? new Date(clock.now()).toISOString(), true);
      const entry: Entry = { seq: ++seq, current: stored, versions: undefined };
      // The table is made now, so that types keep the order in which they first came.
      const t = table(resource.resourceType);
      let pending = taken.get(t);
      if (!pending) taken.set(t, (pending = { ids: [], entries: [] }));
      pending.ids.push(id);
      pending.entries.push(entry);
      // The index of the types made already is kept up to date (none, for the seed or a reset).
      if (indexed.length > 0) index(entry, undefined, stored);
      added++;
    }
    for (const [t, { ids, entries }] of taken) for (let i = 0; i < ids.length; i++) t.set(ids[i]!, entries[i]!);
    generation++;
    if (entryCount() !== before + added) throw new Error('mock-ehr: a load given as new holds a repeated or known id (an internal error: the store no longer holds some of it)');
  };

  /** Loads a list; a large one (see COMPACT_FROM) compacts its strings and, with `shareElements`, shares equal elements. */
  const loadList = (list: readonly Resource[], options: LoadOptions | undefined, large = list.length >= COMPACT_FROM && !options?.asGiven): void => {
    // Equal elements are shared within one large load; the tables go with the load.
    const shared: SharedElements | undefined = large && options?.shareElements ? sharedElements() : undefined;
    for (const resource of list) {
      const id = resource.id ?? newId();
      write(resource, id, 'POST', resource.meta?.lastUpdated, false, large, shared);
    }
  };

  return {
    types: () => [...byType.entries()].filter(([, t]) => [...t.values()].some((e) => e.current)).map(([k]) => k),

    count(type) {
      const tables = type ? [byType.get(type)] : [...byType.values()];
      let n = 0;
      for (const t of tables) for (const e of t?.values() ?? []) if (e.current) n++;
      return n;
    },

    peek: (type, id) => byType.get(type)?.get(id)?.current,

    isDeleted(type, id) {
      const entry = byType.get(type)?.get(id);
      return entry !== undefined && entry.current === undefined;
    },

    read(type, id, options) {
      const entry = existing(type, id);
      if (!entry.current) throw gone(`${type}/${id} has been deleted`);
      return options?.copy === false ? entry.current : cloneResource(entry.current);
    },

    vread(type, id, versionId, options) {
      const version = versionsOf(existing(type, id)).find((v) => v.versionId === versionId);
      if (!version) throw notFound(`${type}/${id} has no version ${versionId}`);
      if (!version.resource) throw gone(`${type}/${id} version ${versionId} is a deletion`);
      return options?.copy === false ? version.resource : cloneResource(version.resource);
    },

    history: (type, id) => cloneResource([...versionsOf(existing(type, id))].reverse()),

    typeHistory(type) {
      const out: (VersionEntry & { type: string; id: string })[] = [];
      const tables = type ? [[type, byType.get(type)] as const] : [...byType.entries()];
      for (const [t, entries] of tables) {
        for (const [id, entry] of entries ?? []) for (const v of versionsOf(entry)) out.push({ ...v, type: t, id });
      }
      out.sort((a, b) => (a.lastUpdated < b.lastUpdated ? 1 : a.lastUpdated > b.lastUpdated ? -1 : 0));
      return cloneResource(out);
    },

    create(resource, options) {
      return cloneResource(write(resource, options?.id ?? newId(), 'POST'));
    },

    update(resource, options: UpdateOptions = {}): WriteResult {
      const entry = byType.get(resource.resourceType)?.get(resource.id);
      if (options.ifMatch !== undefined) {
        const expected = entry?.current?.meta.versionId;
        if (expected !== options.ifMatch) {
          throw preconditionFailed(
            expected
              ? `If-Match expected version ${options.ifMatch} but ${resource.resourceType}/${resource.id} is at version ${expected}`
              : `If-Match names version ${options.ifMatch} but ${resource.resourceType}/${resource.id} has no current version`,
          );
        }
      }
      const created = entry?.current === undefined;
      const stored = write(resource, resource.id, 'PUT');
      return { resource: cloneResource(stored), created };
    },

    delete(type, id) {
      const entry = byType.get(type)?.get(id);
      if (!entry?.current) return false;
      settle();
      remember(type, id, entry);
      const versionId = String(versionCount(entry) + 1);
      addVersion(entry, { versionId, lastUpdated: new Date(clock.now()).toISOString(), method: 'DELETE' });
      reindexParameters(type, entry, entry.current, undefined);
      const removed = entry.current;
      entry.current = undefined;
      index(entry, removed, undefined);
      return true;
    },

    *all(type) {
      for (const entry of byType.get(type)?.values() ?? []) if (entry.current) yield entry.current;
    },

    referencesTo(target) {
      indexFor(target);
      const sources = referencedBy.get(target);
      if (sources === undefined) return EMPTY;
      const keys = new Set<string>();
      for (const source of Array.isArray(sources) ? sources : [sources]) keys.add(keyOf(source.current!));
      return keys;
    },

    prepareIndex(types, limit) {
      startBuilding(types);
      return buildSome(limit);
    },

    referencing(type, index, targets) {
      const { byTarget } = parameterIndex(type, index);
      const lists: Entry[][] = [];
      for (const target of targets) {
        const list = byTarget.get(target);
        if (list) lists.push(list);
      }
      if (lists.length === 0) return [];
      if (lists.length === 1) {
        const list = lists[0]!;
        const out = new Array<Readonly<StoredResource>>(list.length);
        for (let i = 0; i < list.length; i++) out[i] = list[i]!.current!;
        return out;
      }
      const found = new Set<Entry>();
      for (const list of lists) for (const entry of list) found.add(entry);
      return [...found].sort((a, b) => a.seq - b.seq).map((entry) => entry.current!);
    },

    countReferencing(type, index, targets) {
      const { byTarget } = parameterIndex(type, index);
      let n = 0;
      for (const target of targets) n += byTarget.get(target)?.length ?? 0;
      return n;
    },

    generation: () => generation,

    order: (type, id) => byType.get(type)?.get(id)?.seq ?? Number.MAX_SAFE_INTEGER,

    load(resources, options) {
      // Loaded entries are not added to the parameter indexes one by one: each is made again
      // when next used. The reverse index of the types made already is kept up to date as each
      // is stored, as a write keeps it (made again, it would be a walk over every resource for a
      // few loaded ones); a walk under way is dropped, and made again when next asked for.
      dropWalk();
      parameterIndexes.clear();
      generation++;
      // Inside `atomically`, each write is remembered so that it can be undone.
      if (options?.asGiven && !journal) {
        addAll(resources);
        return;
      }
      if (Array.isArray(resources)) {
        loadList(resources as readonly Resource[], options);
        return;
      }
      // Any other iterable is taken one resource at a time, and each is stored before the next
      // is taken (the seed, as it is generated: the objects a large load replaces then die
      // young). It loads as a small load until it reaches COMPACT_FROM resources, then as a
      // large one: the resources stored so far are compacted and shared then, in order, as a
      // large load would. With `asGiven` it stays a small load, whatever its size.
      const taken: StoredResource[] = [];
      let large = false;
      let shared: SharedElements | undefined;
      for (const resource of resources) {
        if (!large && !options?.asGiven && taken.length + 1 === COMPACT_FROM) {
          large = true;
          shared = options?.shareElements ? sharedElements() : undefined;
          for (const stored of taken) {
            referencesInto(stored, scratch, true, shared);
          }
          taken.length = 0;
        }
        const stored = write(resource, resource.id ?? newId(), 'POST', resource.meta?.lastUpdated, false, large, shared);
        if (!large && !options?.asGiven) taken.push(stored);
      }
    },

    atomically(fn) {
      if (journal) return fn();
      journal = [];
      try {
        const result = fn();
        journal = undefined;
        return result;
      } catch (error) {
        const steps = journal ?? [];
        journal = undefined;
        // A walk the unit started (`prepareIndex`) has linked the versions it is about to undo:
        // it is finished first, so that each undo step moves what was linked.
        settle();
        for (const undo of steps.reverse()) undo();
        throw error;
      }
    },

    newId: () => newId(),

    clear() {
      byType.clear();
      forgetIndex();
      parameterIndexes.clear();
      generation++;
      seq = 0;
      onClear?.();
    },
  };
}
