/**
 * The key that verifies a client assertion (SMART App Launch 2.2 client-confidential-
 * asymmetric, "Signature Verification", steps 1-3): a `jku` header must equal the client's
 * registered JWK Set URL; the potential keys are the registered inline set or the set at that
 * URL (a client has one or the other, RFC 7591 §2); exactly one of them must have the
 * assertion's `kid` and a `kty` that fits its `alg`.
 */
import { importJWK, type JWK } from 'jose';
import type { ClientRecord, JsonWebKeySet } from '../clients/types.js';
import { RemoteJwksError, type RemoteJwksCache } from './remote-jwks.js';

/** The `kty` each accepted `alg` needs (RFC 7518 §3.1). */
export function keyTypeFor(alg: string): 'RSA' | 'EC' {
  return alg.startsWith('ES') ? 'EC' : 'RSA';
}

/** The candidates of step 3: same `kid`, a `kty` that fits `alg`, and no `alg` or `use` that says otherwise. */
export function candidateKeys(set: JsonWebKeySet, kid: string, alg: string): Record<string, unknown>[] {
  const kty = keyTypeFor(alg);
  return set.keys.filter((k) => k.kid === kid && k.kty === kty && (k.alg === undefined || k.alg === alg) && (k.use === undefined || k.use === 'sig'));
}

/** The verification key; otherwise throws the error `fail` builds from the reason. */
export async function assertionKey(
  client: ClientRecord,
  remote: RemoteJwksCache,
  header: { kid: string; alg: string; jku?: string },
  fail: (description: string) => Error,
): ReturnType<typeof importJWK> {
  const { kid, alg, jku } = header;
  if (jku !== undefined && jku !== client.jwksUri) {
    throw fail(client.jwksUri ? `jku '${jku}' is not the registered JWK Set URL ${client.jwksUri}` : `jku '${jku}' is sent but the client registered its keys inline, not by URL`);
  }
  let set: JsonWebKeySet;
  if (client.jwksUri) {
    try {
      set = await remote.get(client.jwksUri);
    } catch (error) {
      if (error instanceof RemoteJwksError) {
        console.warn(`mock-ehr: client '${client.clientId}': ${error.detail}`);
        throw Object.assign(fail(error.message), { detail: error.detail });
      }
      throw error;
    }
  } else if (client.jwks) {
    set = client.jwks;
  } else {
    throw fail('the client has no registered keys');
  }
  const candidates = candidateKeys(set, kid, alg);
  if (candidates.length !== 1) {
    throw fail(`${candidates.length === 0 ? 'no' : 'more than one'} registered key has kid '${kid}' and kty ${keyTypeFor(alg)} (for ${alg})`);
  }
  try {
    return await importJWK(candidates[0] as JWK, alg);
  } catch {
    throw fail(`the registered key '${kid}' cannot be used with ${alg}`);
  }
}
