/**
 * Client JWK Sets registered by URL (SMART App Launch 2.2 client-confidential-asymmetric,
 * "Signature Verification"): fetched with a GET and `Accept: application/json`, and kept no
 * longer than the response's `Cache-Control` allows (`max-age`, less the `Age` header), on the
 * sandbox clock. A response without `max-age`, or with `no-store` or `no-cache`, is not kept:
 * the next assertion fetches the set again. The fetch itself is guarded (`guarded-get.ts`):
 * no redirects, no internal addresses.
 */
import type { Clock } from '../../clock.js';
import type { JsonWebKeySet } from '../clients/types.js';
import { TtlMap } from '../ttl-map.js';
import type { AddressPolicy } from './address-policy.js';
import { defaultResolver, FetchRefusedError, guardedGet, type GuardedGetOptions, type HostResolver } from './guarded-get.js';

const TIMEOUT_MS = 5000;
const MAX_BYTES = 256 * 1024;

/**
 * Why a JWK Set could not be had. The client is told only {@link KEY_SET_UNAVAILABLE}, so the
 * fetch cannot be used to probe the network; `detail` is for the server's events and log.
 */
export class RemoteJwksError extends Error {
  constructor(readonly detail: string) {
    super(KEY_SET_UNAVAILABLE);
  }
}

/** The one thing a client learns when its key set cannot be fetched or used. */
export const KEY_SET_UNAVAILABLE = 'could not fetch the key set from the registered jwks_uri';

export interface RemoteJwksOptions extends AddressPolicy {
  /** Resolves host names (default: the system resolver). */
  resolver?: HostResolver;
}

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

async function fetchKeySet(url: string, options: GuardedGetOptions): Promise<{ keys: JsonWebKeySet; seconds: number }> {
  let res;
  try {
    res = await guardedGet(url, { accept: 'application/json' }, options);
  } catch (error) {
    throw new RemoteJwksError(`${url}: ${error instanceof FetchRefusedError ? error.message : 'network error'}`);
  }
  if (res.status !== 200) throw new RemoteJwksError(`${url} answered HTTP ${res.status}, not 200${res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : ''}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    throw new RemoteJwksError(`${url} is not JSON`);
  }
  if (!isKeySet(parsed)) throw new RemoteJwksError(`${url} is not a JWK Set ({ "keys": [ { "kty": ... } ] })`);
  const header = (name: string): string | null => {
    const value = res.headers[name];
    return typeof value === 'string' ? value : null;
  };
  return { keys: { keys: parsed.keys }, seconds: cacheSeconds(header('cache-control'), header('age')) };
}

export function createRemoteJwksCache(clock: Clock, options: RemoteJwksOptions): RemoteJwksCache {
  const cache = new TtlMap<JsonWebKeySet>(clock);
  const get: GuardedGetOptions = { allowPrivate: options.allowPrivate, resolver: options.resolver ?? defaultResolver, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES };
  return {
    async get(url) {
      const cached = cache.get(url);
      if (cached) return cached;
      const { keys, seconds } = await fetchKeySet(url, get);
      if (seconds > 0) cache.set(url, keys, clock.now() + seconds * 1000);
      return keys;
    },
    clear: () => cache.clear(),
  };
}
