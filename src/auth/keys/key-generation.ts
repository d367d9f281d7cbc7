/**
 * Generates the RSA private key that signs tokens (RS256 needs RSA keys of 2048 bits or more,
 * RFC 7518 section 3.3). Only Node's own modules: the command starts this before it loads the
 * rest of its code.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** On the libuv thread pool (what a sandbox made with `createSandbox` uses). */
export function startKeyGeneration(): Promise<KeyObject> {
  const generated = new Promise<KeyObject>((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey)));
  });
  // A failure is reported where the key is used (signing-key.ts), not as an unhandled rejection here.
  generated.catch(() => undefined);
  return generated;
}

/**
 * The worker of `startBackgroundKeyGeneration`, as CommonJS source. On Linux a thread's nice
 * value is its own (setpriority(2) with 0 names the calling thread), so the worker lowers its
 * own; elsewhere the call would lower the whole process, so it does not.
 */
const BACKGROUND_KEY_WORKER = `
const { parentPort } = require('node:worker_threads');
if (process.platform === 'linux') {
  const os = require('node:os');
  try { os.setPriority(0, os.constants.priority.PRIORITY_LOW); } catch {}
}
const { privateKey } = require('node:crypto').generateKeyPairSync('rsa', { modulusLength: 2048 });
parentPort.postMessage(privateKey);
`;

/**
 * The same key, made on a thread of its own that on Linux runs at the lowest priority: what the
 * command uses. Generating an RSA key takes one core for 100–300 ms; on a machine with few
 * cores, at normal priority it takes that core from the data's generation and loading (and the
 * garbage collector's helpers) just while the command starts. At low priority it runs on what
 * the start leaves free, and is still ready long before a user signs in.
 */
export function startBackgroundKeyGeneration(): Promise<KeyObject> {
  const worker = new Worker(BACKGROUND_KEY_WORKER, { eval: true });
  // The process may exit before the key is made (--help, an error); the worker never holds it.
  worker.unref();
  const generated = new Promise<KeyObject>((resolve, reject) => {
    worker.once('message', (key: KeyObject) => {
      resolve(key);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the signing key's generation stopped (exit code ${code})`)));
  });
  generated.catch(() => undefined);
  return generated;
}
