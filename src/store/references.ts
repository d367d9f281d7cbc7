/**
 * Finds the references a resource makes, as `Type/id` keys, so the store can index them.
 * Relative references (`Patient/1`), absolute ones to this server's base and versioned ones
 * (`Patient/1/_history/2`) all resolve to the same key; contained (`#x`) and urn: ones do not.
 */
const PLAIN = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;
const RELATIVE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** `Type/id` for a reference string, or undefined when it names no resource here. */
export function referenceTarget(reference: string): string | undefined {
  // Most references are already `Type/id`: answer with the same string, no new one.
  if (PLAIN.test(reference)) return reference;
  if (reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const match = RELATIVE.exec(reference);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * What a frozen object refers to, remembered by whoever walks many resources (the store):
 * a frozen object never changes, and generated resources share frozen parts (codes,
 * categories, the reference to the patient or the visit) by the thousand.
 */
export type FrozenReferences = WeakMap<object, readonly string[]>;

/**
 * Every `reference` string in a resource (in any element, at any depth; not in contained
 * resources). With `frozen`, each frozen object is walked once and its answer reused.
 */
export function collectReferences(value: unknown, out: Set<string> = new Set(), frozen?: FrozenReferences): Set<string> {
  if (frozen && value !== null && typeof value === 'object' && Object.isFrozen(value)) {
    const known = frozen.get(value);
    if (known) {
      for (const target of known) out.add(target);
      return out;
    }
    // Remembered only when everything inside is frozen too (Object.freeze is shallow).
    const mine = new Set<string>();
    const inside = { mutable: false };
    walk(value, mine, frozen, inside);
    if (!inside.mutable) frozen.set(value, [...mine]);
    for (const target of mine) out.add(target);
    return out;
  }
  return walk(value, out, frozen, undefined);
}

function walk(value: unknown, out: Set<string>, frozen: FrozenReferences | undefined, inside: { mutable: boolean } | undefined): Set<string> {
  if (inside && value !== null && typeof value === 'object' && !Object.isFrozen(value)) inside.mutable = true;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item === null || typeof item !== 'object') continue;
      if (inside) walk(item, out, frozen, inside);
      else collectReferences(item, out, frozen);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // for...in without Object.entries: this runs over every seeded resource at start-up.
    for (const key in record) {
      const child = record[key];
      if (typeof child === 'string') {
        if (key === 'reference') {
          const target = referenceTarget(child);
          if (target) out.add(target);
        }
      } else if (child !== null && typeof child === 'object' && key !== 'contained') {
        if (inside) walk(child, out, frozen, inside);
        else collectReferences(child, out, frozen);
      }
    }
  }
  return out;
}
