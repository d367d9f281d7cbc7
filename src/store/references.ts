/**
 * Finds the references a resource makes, as `Type/id` keys, so the store can index them.
 * Relative references (`Patient/1`), absolute ones to this server's base and versioned ones
 * (`Patient/1/_history/2`) all resolve to the same key; contained (`#x`) and urn: ones do not.
 */
const RELATIVE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** `Type/id` for a reference string, or undefined when it names no resource here. */
export function referenceTarget(reference: string): string | undefined {
  if (reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  const match = RELATIVE.exec(reference);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** Every `reference` string in a resource (in any element, at any depth; not in contained resources). */
export function collectReferences(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object') collectReferences(item, out);
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
        collectReferences(child, out);
      }
    }
  }
  return out;
}
