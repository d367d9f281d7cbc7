/**
 * The one walk over the references a resource makes (R4 references.html): every object with
 * a string `reference`, at any depth; inside contained resources only when asked (their
 * references are checked with their container, but rewritten with it too).
 */

/** Calls `visit` with each object holding a string `reference`, so the caller may rewrite it. */
export function eachReference(
  value: unknown,
  visit: (holder: Record<string, unknown>) => void,
  options: { contained?: boolean } = {},
): void {
  if (Array.isArray(value)) {
    for (const v of value) eachReference(v, visit, options);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.reference === 'string') visit(obj);
    for (const [k, v] of Object.entries(obj)) {
      if ((k !== 'contained' || options.contained) && typeof v === 'object') eachReference(v, visit, options);
    }
  }
}

/** Rewrites, in place, every reference (contained ones too) that `map` names: fullUrl -> `Type/id`. */
export function rewriteReferences(value: unknown, map: ReadonlyMap<string, string>): void {
  if (map.size === 0) return;
  eachReference(
    value,
    (holder) => {
      const target = map.get(holder.reference as string);
      if (target !== undefined) holder.reference = target;
    },
    { contained: true },
  );
}
