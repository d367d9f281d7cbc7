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
 * Equal leaf elements of a load, shared: key -> the one frozen object every equal element becomes.
 * A leaf is a plain object whose every value is a string, number or boolean (a Coding, a
 * Reference, a Quantity, a Period): in generated charts most of them repeat.
 */
export type SharedLeaves = Map<string, object>;

/** The text identifying a leaf element (its keys in order and their values), or undefined for any other object. */
function leafKey(record: Record<string, unknown>): string | undefined {
  let key = '';
  for (const name in record) {
    const value = record[name];
    const kind = typeof value;
    if (kind === 'string') key += `${name}\u0000s${value as string}\u0000`;
    else if (kind === 'number' || kind === 'boolean') key += `${name}\u0000${kind === 'number' ? 'n' : 'b'}${String(value)}\u0000`;
    else return undefined;
  }
  return key === '' ? undefined : key;
}

/**
 * The element to keep in place of `child`: the shared equal leaf when there is one (`child`
 * itself, frozen, when it is the first), else `child`. Sharing changes no served byte: the
 * elements are equal key for key and in the same order, and frozen, so none can change under
 * the others (the store copies on every write and read that may change one).
 */
function shareLeaf(child: Record<string, unknown>, shared: SharedLeaves): Record<string, unknown> {
  if (Array.isArray(child) || Object.isFrozen(child)) return child;
  const key = leafKey(child);
  if (key === undefined) return child;
  const known = shared.get(key);
  if (known !== undefined) return known as Record<string, unknown>;
  shared.set(key, Object.freeze(child));
  return child;
}

/**
 * Every `reference` string in a resource (in any element, at any depth; not in contained
 * resources, nor in elements that cannot hold one). With `compactStrings`, it also compacts
 * every string it passes, in every element (see compact.ts), and with `shared` it makes equal
 * leaf elements one shared object (see SharedLeaves): the store indexes each resource it
 * keeps, so one walk does all three.
 */
export function collectReferences(value: unknown, out: Set<string> = new Set(), compactStrings = false, shared?: SharedLeaves): Set<string> {
  if (Array.isArray(value)) {
    const frozen = shared !== undefined && Object.isFrozen(value);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') {
        collectReferences(item, out, compactStrings, shared);
        if (shared && !frozen) {
          const kept = shareLeaf(item as Record<string, unknown>, shared);
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
        if (shared && !frozen) {
          const kept = shareLeaf(child as Record<string, unknown>, shared);
          if (kept !== child) record[key] = kept;
        }
      }
    }
  }
  return out;
}
