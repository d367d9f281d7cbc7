/**
 * Generates the RSA private key that signs tokens (RS256 needs RSA keys of 2048 bits or more,
 * RFC 7518 section 3.3), on the libuv thread pool. Only `node:crypto`: the command starts this
 * before it loads the rest of its code.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';

export function startKeyGeneration(): Promise<KeyObject> {
  const generated = new Promise<KeyObject>((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey)));
  });
  // A failure is reported where the key is used (signing-key.ts), not as an unhandled rejection here.
  generated.catch(() => undefined);
  return generated;
}
