/**
 * Client JWK Sets registered by URL (SMART App Launch 2.2 client-confidential-asymmetric,
 * "Signature Verification"): fetched with a GET and `Accept: application/json`, and kept no
 * longer than the response's `Cache-Control` allows (`max-age`, less the `Age` header), on the
 * sandbox clock. A response without `max-age`, or with `no-store` or `no-cache`, is not kept:
 * the next assertion fetches the set again.
 */
import type { Clock } from '../../clock.js';
import type { JsonWebKeySet } from '../clients/types.js';
import { TtlMap } from '../ttl-map.js';

const TIMEOUT_MS = 5000;
const MAX_BYTES = 256 * 1024;

/** Why a JWK Set could not be fetched or used; the message is shown to the client. */
export class RemoteJwksError extends Error {}

export interface RemoteJwksCache {
  /** The key set at `url`: from the cache while fresh, fetched otherwise. */
  get(url: string): Promise<JsonWebKeySet>;
  clear(): void;
}

/** How many seconds a JWKS response may be kept, from its `Cache-Control` and `Age` headers (RFC 9111 §5.2, §5.1). */
export function cacheSeconds(cacheControl: string | null, age: string | null): number {
  if (!cacheControl) return 0;
  let maxAge: number | undefined;
  for (const part of cacheControl.split(',')) {
    const [name = '', value] = part.trim().split('=', 2).map((s) => s.trim());
    const directive = name.toLowerCase();
    if (directive === 'no-store' || directive === 'no-cache') return 0;
    if (directive === 'max-age' && value !== undefined) {
      const seconds = /^"?(\d+)"?$/.exec(value);
      if (!seconds) return 0;
      maxAge = Math.min(maxAge ?? Infinity, Number(seconds[1]));
    }
  }
  if (maxAge === undefined) return 0;
  const elapsed = age !== null && /^\d+$/.test(age.trim()) ? Number(age.trim()) : 0;
  return Math.max(0, maxAge - elapsed);
}

function isKeySet(value: unknown): value is JsonWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  return Array.isArray(keys) && keys.every((k) => k !== null && typeof k === 'object' && typeof (k as { kty?: unknown }).kty === 'string');
}

/** A network failure in words a client may see: the kind of failure, not the platform's message. */
function networkReason(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name did not resolve';
    case 'ECONNRESET':
      return 'the connection was reset';
    default:
      return 'a network error';
  }
}

/** The body as text, refusing to read more than {@link MAX_BYTES}. */
async function boundedText(res: Response, url: string): Promise<string> {
  const tooLarge = () => new RemoteJwksError(`the JWK Set at ${url} is larger than ${MAX_BYTES / 1024} KiB`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > MAX_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function fetchKeySet(url: string): Promise<{ keys: JsonWebKeySet; seconds: number }> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new RemoteJwksError(`the JWK Set at ${url} answered HTTP ${res.status}, not 200`);
    }
    text = await boundedText(res, url);
  } catch (error) {
    if (error instanceof RemoteJwksError) throw error;
    throw new RemoteJwksError(`the JWK Set at ${url} could not be fetched (${networkReason(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RemoteJwksError(`the JWK Set at ${url} is not JSON`);
  }
  if (!isKeySet(parsed)) throw new RemoteJwksError(`the document at ${url} is not a JWK Set ({ "keys": [ { "kty": ... } ] })`);
  return { keys: { keys: parsed.keys }, seconds: cacheSeconds(res.headers.get('cache-control'), res.headers.get('age')) };
}

export function createRemoteJwksCache(clock: Clock): RemoteJwksCache {
  const cache = new TtlMap<JsonWebKeySet>(clock);
  return {
    async get(url) {
      const cached = cache.get(url);
      if (cached) return cached;
      const { keys, seconds } = await fetchKeySet(url);
      if (seconds > 0) cache.set(url, keys, clock.now() + seconds * 1000);
      return keys;
    },
    clear: () => cache.clear(),
  };
}
