/**
 * The sandbox starts generating its RSA signing key (on a worker thread) before it generates
 * any patient, so the key is made while the data is, and the first token request does not
 * wait for it.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { test } from 'node:test';
import request from 'supertest';
import { createSandbox } from '../../src/index.js';

test('key generation starts before the first patient is generated', async (t) => {
  const steps: string[] = [];
  const original = crypto.generateKeyPair;
  t.mock.method(crypto, 'generateKeyPair', (...args: Parameters<typeof original>) => {
    steps.push('key');
    return original(...args);
  });
  syncBuiltinESMExports();
  t.after(() => {
    t.mock.restoreAll();
    syncBuiltinESMExports();
  });
  const sb = await createSandbox({ patients: 3 }, { onSeedProgress: (done) => steps.push(`patient ${done}`) });
  assert.deepEqual(steps, ['key', 'patient 1', 'patient 2', 'patient 3']);
  // That key is the one the sandbox signs with and publishes.
  const jwks = await request(sb.app).get('/.well-known/jwks.json');
  assert.equal(jwks.status, 200);
  assert.equal((jwks.body as { keys: unknown[] }).keys.length, 1);
});
