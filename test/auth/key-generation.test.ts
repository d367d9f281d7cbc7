/**
 * The signing key the command generates on a background thread (key-generation.ts) is the
 * same kind as the thread pool's: an RSA private key of 2048 bits that signs and verifies
 * RS256; and the thread never keeps a process alive that is done.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { startBackgroundKeyGeneration, startKeyGeneration } from '../../src/auth/keys/key-generation.js';

for (const [name, start] of [
  ['a background thread', startBackgroundKeyGeneration],
  ['the thread pool', startKeyGeneration],
] as const) {
  test(`the key made on ${name} is a 2048-bit RSA private key that signs RS256`, async () => {
    const key = await start();
    assert.equal(key.type, 'private');
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    const signature = sign('sha256', Buffer.from('header.payload'), key);
    assert.ok(verify('sha256', Buffer.from('header.payload'), createPublicKey(key), signature));
  });
}

test('two background generations make two different keys', async () => {
  const [a, b] = await Promise.all([startBackgroundKeyGeneration(), startBackgroundKeyGeneration()]);
  assert.notEqual(a.export({ format: 'jwk' }).n, b.export({ format: 'jwk' }).n);
});

test('a process that starts the background generation and has nothing else to do exits', () => {
  const module = new URL('../../src/auth/keys/key-generation.ts', import.meta.url).href;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { startBackgroundKeyGeneration } from ${JSON.stringify(module)}; startBackgroundKeyGeneration(); console.log('done');`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(out.trim(), 'done');
});
