/**
 * JSON for FHIR responses. A stored resource version never changes, so its JSON is made
 * once and kept (by object, weakly); a Bundle is written around its entries' kept JSON.
 * Reads and searches then cost little more than sending bytes.
 */
export type JsonCache = WeakMap<object, string>;

function resourceJson(resource: object, cache: JsonCache): string {
  let json = cache.get(resource);
  if (json === undefined) {
    json = JSON.stringify(resource);
    cache.set(resource, json);
  }
  return json;
}

/** An entry's JSON; a frozen entry (one made once and shared, see fhir/bundle.ts) keeps it. */
function entryJson(entry: Record<string, unknown>, cache: JsonCache): string {
  const shared = Object.isFrozen(entry);
  if (shared) {
    const known = cache.get(entry);
    if (known !== undefined) return known;
  }
  const { fullUrl, resource, ...rest } = entry;
  if (!resource || typeof resource !== 'object') return JSON.stringify(entry);
  const parts: string[] = [];
  if (fullUrl !== undefined) parts.push(`"fullUrl":${JSON.stringify(fullUrl)}`);
  parts.push(`"resource":${resourceJson(resource, cache)}`);
  const others = JSON.stringify(rest);
  if (others !== '{}') parts.push(others.slice(1, -1));
  const json = `{${parts.join(',')}}`;
  if (shared) cache.set(entry, json);
  return json;
}

/** Serializes a response body; `pretty` indents (and bypasses the cache). */
export function serialize(body: unknown, cache: JsonCache, pretty = false): string {
  if (pretty) return JSON.stringify(body, null, 2);
  if (body === null || typeof body !== 'object') return JSON.stringify(body);
  const resource = body as { resourceType?: unknown; entry?: unknown };
  if (resource.resourceType === 'Bundle' && Array.isArray(resource.entry)) {
    const { entry, ...head } = resource as { entry: Record<string, unknown>[] };
    const json = JSON.stringify(head);
    const entries = entry.map((e) => entryJson(e, cache)).join(',');
    return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"entry":[${entries}]}`;
  }
  return resource.resourceType === undefined ? JSON.stringify(body) : resourceJson(body, cache);
}
