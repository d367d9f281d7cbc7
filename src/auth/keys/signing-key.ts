/**
 * The RS256 key that signs access tokens and id_tokens (SMART App Launch 2.2, "OpenID
 * Connect": RS256 is required). Generated at start-up, in the background so that start-up
 * stays fast, or loaded from a JWK file (generated there once) so tokens survive a restart.
 * The `kid` is the RFC 7638 thumbprint unless the file names one.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createLocalJWKSet } from 'jose';
import { startKeyGeneration } from './key-generation.js';

export interface PublicJwk {
  kty: string;
  n?: string;
  e?: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  alg: 'RS256';
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** What the JWKS endpoint publishes: the public half only. */
  publicJwk: PublicJwk;
}

export interface KeyRing {
  /** Resolves once the key exists (at once for a key file). */
  readonly ready: Promise<SigningKey>;
  /** The key, or undefined while it is still being generated. */
  current(): SigningKey | undefined;
  /** True when the key came from a file: tokens signed by an earlier run may be honoured. */
  readonly persistent: boolean;
  /**
   * The key set the `jwks_uri` publishes, as a jose key resolver (RFC 7517): made once per
   * key, so that checking a token against it imports no key again.
   */
  readonly published: Promise<PublishedKeySet>;
}

/** A resolver of the published JWK Set (jose's local JWKS, which caches each imported key). */
export type PublishedKeySet = ReturnType<typeof createLocalJWKSet>;

const publishedKeySet = (key: SigningKey): PublishedKeySet => createLocalJWKSet({ keys: [{ ...key.publicJwk }] });

function thumbprint(jwk: { e?: string; kty?: string; n?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

function toSigningKey(privateKey: KeyObject, kid?: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const id = kid ?? thumbprint(jwk);
  return {
    kid: id,
    alg: 'RS256',
    privateKey,
    publicKey,
    publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid: id, alg: 'RS256', use: 'sig' },
  };
}

/** Reads a private RSA JWK (or a JWKS holding one) from `path`; throws a plain message on any problem. */
export function readKeyFile(path: string): SigningKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the signing key file ${path}: ${(error as Error).message}`);
  }
  const keys = (parsed as { keys?: unknown[] }).keys;
  const jwk = (Array.isArray(keys) ? keys[0] : parsed) as Record<string, string> | undefined;
  if (!jwk || jwk.kty !== 'RSA' || !jwk.d) {
    throw new Error(`the signing key file ${path} must hold a private RSA JWK (kty "RSA" with "d")`);
  }
  try {
    return toSigningKey(createPrivateKey({ key: jwk, format: 'jwk' }), jwk.kid);
  } catch (error) {
    throw new Error(`the signing key file ${path} holds an unusable key: ${(error as Error).message}`);
  }
}

function writeKeyFile(path: string, key: SigningKey): void {
  const jwk = { ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
  writeFileSync(path, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The key ring of one sandbox: from `keyFile` (created there if missing), or a fresh key
 * (`generating`: one already being generated, startKeyGeneration).
 */
export function createKeyRing(keyFile: string | undefined, generating?: Promise<KeyObject>): KeyRing {
  if (keyFile) {
    let key: SigningKey;
    if (existsSync(keyFile)) {
      key = readKeyFile(keyFile);
    } else {
      key = toSigningKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
      writeKeyFile(keyFile, key);
    }
    return { ready: Promise.resolve(key), current: () => key, persistent: true, published: Promise.resolve(publishedKeySet(key)) };
  }
  let key: SigningKey | undefined;
  const ready = (generating ?? startKeyGeneration()).then((privateKey) => (key = toSigningKey(privateKey)));
  ready.catch(() => undefined);
  const published = ready.then(publishedKeySet);
  published.catch(() => undefined);
  return { ready, current: () => key, persistent: false, published };
}
