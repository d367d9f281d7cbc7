/**
 * JSON for FHIR responses. A stored resource version never changes, so its JSON is made
 * once and kept (by object, weakly); a Bundle is written around its entries' kept bytes.
 * Reads and searches then cost little more than sending bytes.
 */
export interface JsonCache {
  /** The JSON of stored resource versions (and of other objects that never change). */
  json: WeakMap<object, string>;
  /** The bytes of shared (frozen) searchset entries, see fhir/bundle.ts. */
  entries: WeakMap<object, Buffer>;
}

export function createJsonCache(): JsonCache {
  return { json: new WeakMap(), entries: new WeakMap() };
}

function resourceJson(resource: object, cache: JsonCache): string {
  let json = cache.json.get(resource);
  if (json === undefined) {
    json = JSON.stringify(resource);
    cache.json.set(resource, json);
  }
  return json;
}

/**
 * An entry's JSON: `fullUrl`, then `resource`, then its other members. A shared entry's
 * resource is a stored version whose entry bytes are kept, so its JSON is not kept twice.
 */
function entryJson(entry: Record<string, unknown>, cache: JsonCache, shared: boolean): string {
  const { fullUrl, resource, ...rest } = entry;
  if (!resource || typeof resource !== 'object') return JSON.stringify(entry);
  const parts: string[] = [];
  if (fullUrl !== undefined) parts.push(`"fullUrl":${JSON.stringify(fullUrl)}`);
  parts.push(`"resource":${shared ? (cache.json.get(resource) ?? JSON.stringify(resource)) : resourceJson(resource, cache)}`);
  const others = JSON.stringify(rest);
  if (others !== '{}') parts.push(others.slice(1, -1));
  return `{${parts.join(',')}}`;
}

/** The bytes of a frozen entry (one made once and shared), made once. */
function sharedEntryBytes(entry: Record<string, unknown>, cache: JsonCache): Buffer {
  let bytes = cache.entries.get(entry);
  if (bytes === undefined) {
    bytes = Buffer.from(entryJson(entry, cache, true));
    cache.entries.set(entry, bytes);
  }
  return bytes;
}

/**
 * A Bundle with entries: its other members as `JSON.stringify` writes them, then `entry` last.
 * Shared entries are copied from their kept bytes; runs of other entries are encoded together.
 */
function bundleBytes(resource: { entry: Record<string, unknown>[] }, cache: JsonCache): Buffer {
  const { entry, ...head } = resource;
  const json = JSON.stringify(head);
  // The pieces in order; `undefined` is the comma between two shared entries.
  const pieces: (Buffer | undefined)[] = [];
  let text = `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"entry":[`;
  let length = 0;
  for (let i = 0; i < entry.length; i++) {
    const e = entry[i]!;
    if (!Object.isFrozen(e)) {
      text += `${i > 0 ? ',' : ''}${entryJson(e, cache, false)}`;
      continue;
    }
    if (text !== '') {
      const bytes = Buffer.from(i > 0 ? `${text},` : text);
      pieces.push(bytes);
      length += bytes.length;
      text = '';
    } else {
      pieces.push(undefined);
      length += 1;
    }
    const bytes = sharedEntryBytes(e, cache);
    pieces.push(bytes);
    length += bytes.length;
  }
  const end = Buffer.from(`${text}]}`);
  pieces.push(end);
  length += end.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) {
    if (piece === undefined) out[at++] = 0x2c;
    else {
      out.set(piece, at);
      at += piece.length;
    }
  }
  return out;
}

/** The bytes of a response body; `pretty` indents (and bypasses the cache). */
export function serialize(body: unknown, cache: JsonCache, pretty = false): Buffer {
  if (pretty) return Buffer.from(JSON.stringify(body, null, 2));
  if (body === null || typeof body !== 'object') return Buffer.from(JSON.stringify(body));
  const resource = body as { resourceType?: unknown; entry?: unknown };
  if (resource.resourceType === 'Bundle' && Array.isArray(resource.entry)) return bundleBytes(resource as { entry: Record<string, unknown>[] }, cache);
  return Buffer.from(resource.resourceType === undefined ? JSON.stringify(body) : resourceJson(body, cache));
}
