/**
 * The one walk over the references a resource makes (R4 references.html): every object with
 * a string `reference`, at any depth, outside contained resources (whose references are
 * local to their container).
 */

/** Calls `visit` with each object holding a string `reference`, so the caller may rewrite it. */
export function eachReference(value: unknown, visit: (holder: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) eachReference(v, visit);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.reference === 'string') visit(obj);
    for (const [k, v] of Object.entries(obj)) if (k !== 'contained' && typeof v === 'object') eachReference(v, visit);
  }
}
