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
 * Every `reference` string in a resource (in any element, at any depth; not in contained
 * resources, nor in elements that cannot hold one). With `compactStrings`, it also compacts
 * every string it passes, in every element (see compact.ts): the store indexes each resource
 * it keeps, so one walk does both.
 */
export function collectReferences(value: unknown, out: Set<string> = new Set(), compactStrings = false): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') collectReferences(item, out, compactStrings);
      else if (compactStrings && typeof item === 'string') compact(item);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
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
        collectReferences(child, out, compactStrings);
      }
    }
  }
  return out;
}
