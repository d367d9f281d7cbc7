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
 * Both tables live only for one load.
 */
export interface SharedElements {
  /** The text of an element (see `elementKey`) -> the one shared element. */
  byKey: Map<string, object>;
  /** A shared (frozen) element -> its number in the texts of the elements that hold it. */
  ids: Map<object, number>;
}

/**
 * The most elements the tables of one load know at once (about 200 bytes each): without a
 * bound they would hold every distinct element of the load until it ends.
 */
const SHARED_LIMIT = 100_000;

export function sharedElements(): SharedElements {
  return { byKey: new Map(), ids: new Map() };
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

/** The text identifying an element (its keys in order and their values; shared children by number), or undefined when a child is not shared. */
function elementKey(value: object, shared: SharedElements): string | undefined {
  if (Array.isArray(value)) return listKey(value, shared);
  const record = value as Record<string, unknown>;
  // First, without making any text: is every value a primitive or a shared element?
  for (const name in record) {
    const child = record[name];
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) return undefined;
  }
  let key = 'o';
  for (const name in record) {
    const part = valueKey(record[name], shared);
    if (part === undefined) return undefined;
    key += `${name.length}:${name}${part}`;
  }
  return key.length === 1 ? undefined : key;
}

/** `elementKey` for a list (an index loop: for...in over an array makes a string per index). */
function listKey(list: readonly unknown[], shared: SharedElements): string | undefined {
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const child = list[i];
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) return undefined;
  }
  let key = 'a';
  for (let i = 0; i < n; i++) {
    const part = valueKey(list[i], shared);
    if (part === undefined) return undefined;
    key += part;
  }
  return n === 0 ? undefined : key;
}

/** The text of one value in an element's key: a primitive, or a shared element by number. */
function valueKey(child: unknown, shared: SharedElements): string | undefined {
  switch (typeof child) {
    case 'string':
      return `s${child.length}:${child}`;
    case 'number':
      return `n${String(child)};`;
    case 'boolean':
      return child ? 'bt;' : 'bf;';
    case 'object': {
      if (child === null) return undefined;
      const id = idOf(child, shared);
      return id === undefined ? undefined : `#${id};`;
    }
    default:
      return undefined;
  }
}

/**
 * The element to keep in place of `child`: the shared equal element when there is one (`child`
 * itself, frozen, when it is the first), else `child`. Sharing changes no served byte: the
 * elements are equal key for key and in the same order, and frozen, so none can change under
 * the others (the store copies on every write and read that may change one).
 */
function shareElement(child: Record<string, unknown>, shared: SharedElements): Record<string, unknown> {
  if (Object.isFrozen(child)) return child;
  const key = elementKey(child, shared);
  if (key === undefined) return child;
  const known = shared.byKey.get(key);
  if (known !== undefined) return known as Record<string, unknown>;
  if (shared.byKey.size >= SHARED_LIMIT) {
    // Bounded: the elements shared so far stay shared; equal ones met later share anew.
    shared.byKey.clear();
    shared.ids.clear();
  }
  shared.byKey.set(key, Object.freeze(child));
  shared.ids.set(child, shared.ids.size + 1);
  return child;
}

/**
 * Every `reference` string in a resource (in any element, at any depth; not in contained
 * resources, nor in elements that cannot hold one). With `compactStrings`, it also compacts
 * every string it passes, in every element (see compact.ts), and with `shared` it makes equal
 * leaf elements one shared object (see SharedElements): the store indexes each resource it
 * keeps, so one walk does all three.
 */
export function collectReferences(value: unknown, out: Set<string> = new Set(), compactStrings = false, shared?: SharedElements): Set<string> {
  if (Array.isArray(value)) {
    const frozen = shared !== undefined && Object.isFrozen(value);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') {
        collectReferences(item, out, compactStrings, shared);
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
          if (target) out.add(target);
        }
      } else if (child !== null && typeof child === 'object' && key !== 'contained' && (compactStrings || !NO_REFERENCES.has(key))) {
        collectReferences(child, out, compactStrings, shared);
        // A stored meta holds the resource's own lastUpdated: equal ones are rare, so it is not looked up.
        if (shared && !frozen && key !== 'meta') {
          const kept = shareElement(child as Record<string, unknown>, shared);
          if (kept !== child) record[key] = kept;
        }
      }
    }
  }
  return out;
}
