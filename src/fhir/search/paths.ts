/**
 * Evaluates the element paths of the search parameter table over a resource's JSON:
 * `name.given` walks objects and flattens arrays at every step; a segment may restrict
 * the elements it yields with `[key=value]` (the table's form of FHIRPath
 * `where(key='value')`, as in `telecom[system=phone]`). The value may contain dots, so an
 * extension is reached by its URL: `extension[url=http://hl7.org/fhir/us/core/StructureDefinition/us-core-race].extension.valueCoding`
 * (the US Core race parameter).
 */
const SEGMENT = /^([A-Za-z][A-Za-z0-9]*)(?:\[([A-Za-z][A-Za-z0-9]*)=([^\]]*)\])?$/;

function push(out: unknown[], value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) push(out, item);
  } else if (value !== undefined && value !== null) {
    out.push(value);
  }
}

interface Segment {
  name: string;
  key?: string;
  expected?: string;
}

/**
 * Parsed paths, by path string. The paths come from the constant parameter table, so this
 * memo is bounded and shared safely; it only saves re-parsing on every match.
 */
const PARSED = new Map<string, readonly Segment[]>();

function parsePath(path: string): readonly Segment[] {
  let parsed = PARSED.get(path);
  if (!parsed) {
    parsed = parseSegments(path);
    PARSED.set(path, parsed);
  }
  return parsed;
}

/** Splits a path on the dots outside `[...]`. */
function splitPath(path: string): string[] {
  const segments: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '.' && depth === 0) {
      segments.push(path.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(path.slice(start));
  return segments;
}

function parseSegments(path: string): Segment[] {
  return splitPath(path).map((segment) => {
    const match = SEGMENT.exec(segment);
    if (!match) throw new Error(`Malformed search path segment '${segment}' in '${path}'`);
    const [, name, key, expected] = match;
    return key === undefined ? { name: name! } : { name: name!, key, expected: expected! };
  });
}

/** The elements at `path` in `resource`, arrays flattened; empty when there are none. */
export function evaluatePath(resource: unknown, path: string): unknown[] {
  let current: unknown[] = [resource];
  for (const { name, key, expected } of parsePath(path)) {
    if (current.length === 0) break;
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
      const child = (node as Record<string, unknown>)[name];
      if (key === undefined) {
        push(next, child);
        continue;
      }
      const items: unknown[] = [];
      push(items, child);
      for (const item of items) {
        if (item !== null && typeof item === 'object' && (item as Record<string, unknown>)[key] === expected) next.push(item);
      }
    }
    current = next;
  }
  return current;
}

/** The elements at any of `paths`, in path order. */
export function evaluatePaths(resource: unknown, paths: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const path of paths) out.push(...evaluatePath(resource, path));
  return out;
}
