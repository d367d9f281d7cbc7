/**
 * Finds the references a resource makes, as `Type/id` keys, so the store can index them.
 * Relative references (`Patient/1`), absolute ones to this server's base and versioned ones
 * (`Patient/1/_history/2`) all resolve to the same key; contained (`#x`) and urn: ones do not.
 */
import { compact } from './compact.js';

const RELATIVE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
/** A reference that already is `Type/id` (nearly all of them): its own target, no new string. */
const PLAIN = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

/** `Type/id` for a reference string, or undefined when it names no resource here. */
export function referenceTarget(reference: string): string | undefined {
  if (PLAIN.test(reference)) return reference;
  if (reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const match = RELATIVE.exec(reference);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * Elements whose R4 data types can hold no Reference at any depth, so a walk for references
 * need not enter them: `meta` (Meta), `coding` (Coding), and `code`, `category` and
 * `valueQuantity`, which are a CodeableConcept, Coding, code or Quantity wherever R4 defines
 * them (datatypes.html). In the seed they hold most of a resource's nested objects.
 */
const NO_REFERENCES: ReadonlySet<string> = new Set(['meta', 'coding', 'code', 'category', 'valueQuantity']);

/**
 * Equal elements of a load, shared. Most elements of generated charts repeat (a Coding, a
 * Reference, a Quantity, a CodeableConcept, a list of them): an element whose every value is a
 * string, number, boolean or an already shared element becomes the first equal one, frozen.
 * Elements are found by a hash of their keys and values and then compared key by key, so the
 * tables keep no text per element (texts kept for a whole load outlive the young generation
 * and are left as free space in old space when dropped). Both tables live only for one load.
 */
export interface SharedElements {
  /** The hash of an element (see `elementHash`) -> the shared element(s) with that hash. */
  byHash: Map<number, object | object[]>;
  /** How many shared elements `byHash` holds. */
  size: number;
  /** A shared (frozen) element -> its number in the hashes of the elements that hold it. */
  ids: Map<object, number>;
}

/**
 * The most elements the tables of one load know at once: without a bound they would hold
 * every distinct element of the load until it ends.
 */
const SHARED_LIMIT = 100_000;

export function sharedElements(): SharedElements {
  return { byHash: new Map(), size: 0, ids: new Map() };
}

/** The number of a frozen element (one the walk shared, or one frozen already), made on first use. */
function idOf(value: object, shared: SharedElements): number | undefined {
  const known = shared.ids.get(value);
  if (known !== undefined) return known;
  if (!Object.isFrozen(value)) return undefined;
  const id = shared.ids.size + 1;
  shared.ids.set(value, id);
  return id;
}

/** FNV-1a, 32 bits, over a string's length and UTF-16 code units. */
function mixString(hash: number, text: string): number {
  let h = Math.imul(hash ^ text.length, 0x01000193);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Mixes one value of an element into `hash`, or undefined when it is neither a primitive nor a shared element. */
function mixValue(hash: number, value: unknown, shared: SharedElements): number | undefined {
  switch (typeof value) {
    case 'string':
      return mixString(Math.imul(hash ^ 1, 0x01000193), value);
    case 'number':
      return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? Math.imul(Math.imul(hash ^ 2, 0x01000193) ^ value, 0x01000193) : mixString(Math.imul(hash ^ 3, 0x01000193), String(value));
    case 'boolean':
      return Math.imul(hash ^ (value ? 4 : 5), 0x01000193);
    case 'object': {
      if (value === null) return undefined;
      const id = idOf(value, shared);
      return id === undefined ? undefined : Math.imul(Math.imul(hash ^ 6, 0x01000193) ^ id, 0x01000193);
    }
    default:
      return undefined;
  }
}

/** The hash of an element (its keys in order and their values; shared children by number), or undefined when it cannot be shared. */
function elementHash(value: object, shared: SharedElements): number | undefined {
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return undefined;
    // An index loop: for...in over an array makes a string per index.
    for (let i = 0; i < n; i++) {
      const child: unknown = value[i];
      if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) return undefined;
    }
    let hash: number | undefined = 0x811c9dc5;
    for (let i = 0; i < n && hash !== undefined; i++) hash = mixValue(hash, value[i], shared);
    return hash;
  }
  const record = value as Record<string, unknown>;
  // First, without hashing: is every value a primitive or a shared element?
  let empty = true;
  for (const name in record) {
    const child = record[name];
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) return undefined;
    empty = false;
  }
  if (empty) return undefined;
  let hash: number | undefined = 0x050c5d1f;
  for (const name in record) {
    hash = mixValue(mixString(hash, name), record[name], shared);
    if (hash === undefined) return undefined;
  }
  return hash;
}

/** True when `a` and `b` have the same keys in the same order and identical values (shared children by identity). */
function sameElement(a: object, b: object): boolean {
  const listA = Array.isArray(a);
  if (listA !== Array.isArray(b)) return false;
  if (listA) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i]!;
    if (name !== other[i] || x[name] !== y[name]) return false;
  }
  return true;
}

/**
 * The element to keep in place of `child`: the shared equal element when there is one (`child`
 * itself, frozen, when it is the first), else `child`. Sharing changes no served byte: the
 * elements are equal key for key and in the same order, and frozen, so none can change under
 * the others (the store copies on every write and read that may change one).
 */
function shareElement(child: Record<string, unknown>, shared: SharedElements): Record<string, unknown> {
  if (Object.isFrozen(child)) return child;
  const hash = elementHash(child, shared);
  if (hash === undefined) return child;
  const known = shared.byHash.get(hash);
  if (known !== undefined) {
    if (!Array.isArray(known) || Object.isFrozen(known)) {
      if (sameElement(child, known)) return known as Record<string, unknown>;
    } else {
      for (const candidate of known as object[]) if (sameElement(child, candidate)) return candidate as Record<string, unknown>;
    }
  }
  if (shared.size >= SHARED_LIMIT) {
    // Bounded: the elements shared so far stay shared; equal ones met later share anew.
    shared.byHash.clear();
    shared.ids.clear();
    shared.size = 0;
  }
  Object.freeze(child);
  // One element per hash nearly always; a list (not frozen, so never an element itself) when hashes collide.
  const slot = shared.byHash.get(hash);
  if (slot === undefined) shared.byHash.set(hash, child);
  else if (Array.isArray(slot) && !Object.isFrozen(slot)) (slot as object[]).push(child);
  else shared.byHash.set(hash, [slot, child]);
  shared.size++;
  shared.ids.set(child, shared.ids.size + 1);
  return child;
}

/**
 * Distinct targets found by a walk, in the order found: a list used again and again (the store
 * walks a million resources at start-up). A Set emptied for each walk cost a new table each
 * time (V8 makes a new one on `clear`), about 200 bytes a resource.
 */
export interface TargetList {
  items: string[];
  /** How many of `items` belong to the current walk. */
  size: number;
}

export function targetList(): TargetList {
  return { items: [], size: 0 };
}

function addTarget(list: TargetList, target: string): void {
  const { items, size } = list;
  for (let i = 0; i < size; i++) if (items[i] === target) return;
  items[size] = target;
  list.size = size + 1;
}

/**
 * Every `reference` string in a resource (in any element, at any depth; not in contained
 * resources, nor in elements that cannot hold one). With `compactStrings`, it also compacts
 * every string it passes, in every element (see compact.ts), and with `shared` it makes equal
 * leaf elements one shared object (see SharedElements): the store indexes each resource it
 * keeps, so one walk does all three.
 */
export function collectReferences(value: unknown, out: Set<string> = new Set(), compactStrings = false, shared?: SharedElements): Set<string> {
  const list = targetList();
  referencesInto(value, list, compactStrings, shared);
  for (let i = 0; i < list.size; i++) out.add(list.items[i]!);
  return out;
}

/** `collectReferences` into `list`, emptied first (the store's walks). */
export function referencesInto(value: unknown, list: TargetList, compactStrings = false, shared?: SharedElements): void {
  list.size = 0;
  walk(value, list, compactStrings, shared);
}

function walk(value: unknown, out: TargetList, compactStrings: boolean, shared: SharedElements | undefined): void {
  if (Array.isArray(value)) {
    const frozen = shared !== undefined && Object.isFrozen(value);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') {
        walk(item, out, compactStrings, shared);
        if (shared && !frozen) {
          const kept = shareElement(item as Record<string, unknown>, shared);
          if (kept !== item) value[i] = kept;
        }
      } else if (compactStrings && typeof item === 'string') compact(item);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const frozen = shared !== undefined && Object.isFrozen(record);
    // for...in without Object.entries: this runs over every seeded resource at start-up.
    for (const key in record) {
      const child = record[key];
      if (typeof child === 'string') {
        if (compactStrings) compact(child);
        if (key === 'reference') {
          const target = referenceTarget(child);
          if (target) addTarget(out, target);
        }
      } else if (child !== null && typeof child === 'object' && key !== 'contained' && (compactStrings || !NO_REFERENCES.has(key))) {
        walk(child, out, compactStrings, shared);
        // A stored meta holds the resource's own lastUpdated: equal ones are rare, so it is not looked up.
        if (shared && !frozen && key !== 'meta') {
          const kept = shareElement(child as Record<string, unknown>, shared);
          if (kept !== child) record[key] = kept;
        }
      }
    }
  }
}
