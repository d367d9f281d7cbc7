/**
 * Signing keys (issue requirement 2): generated at start-up, or loaded from a JWK file that
 * is created when missing, so that access tokens survive a restart; `kid` in every header.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { createSandbox } from '../../../src/index.js';
import { getTokens } from '../../helpers/flows.js';
import { startSandbox } from '../../helpers/sandbox.js';

describe('signing keys', () => {
  it('generates a key at start-up when no key file is given, and publishes it', async () => {
    const t = await startSandbox({ keyFile: undefined });
    try {
      const jwks = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; kty: string }[] };
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0]!.kty, 'RSA');
      const tokens = await getTokens(t, { scope: 'openid fhirUser launch/patient patient/*.rs' });
      assert.equal(decodeProtectedHeader(tokens.access_token).kid, jwks.keys[0]!.kid);
      assert.equal(decodeProtectedHeader(tokens.id_token as string).kid, jwks.keys[0]!.kid);
    } finally {
      await t.close();
    }
  });

  it('creates the key file when missing (owner-only), reuses it, and honours tokens across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-keys-'));
    const keyFile = join(dir, 'key.json');
    const first = await startSandbox({ keyFile });
    let token: string;
    try {
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      token = (await getTokens(first)).access_token;
    } finally {
      await first.close();
    }
    const kid = (JSON.parse(readFileSync(keyFile, 'utf8')) as { kid: string }).kid;
    const second = await startSandbox({ keyFile, baseUrl: first.url, clock: { now: () => Date.now() + 2000 } });
    try {
      const result = second.sb.authenticateBearer(`Bearer ${token}`, `${first.url}/fhir`);
      assert.ok(result.ok, 'a token of the previous run is honoured');
      assert.equal(result.token.clientId, 'demo-public-app');
      assert.equal(result.token.context.patient, 'pat-1');
      assert.equal(decodeProtectedHeader(token).kid, kid);
      await fetch(`${second.url}/auth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}&client_id=demo-public-app` });
      assert.ok(!second.sb.authenticateBearer(`Bearer ${token}`, `${first.url}/fhir`).ok, 'and can still be revoked');
    } finally {
      await second.close();
    }
  });

  it('does not honour a token of another sandbox with its own key', async () => {
    const a = await startSandbox({ keyFile: undefined });
    const b = await startSandbox({ keyFile: undefined });
    try {
      const token = (await getTokens(a)).access_token;
      assert.ok(!b.sb.authenticateBearer(`Bearer ${token}`, a.fhirBase).ok);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses an unusable key file with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-keys-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ kty: 'EC', crv: 'P-256' }));
    await assert.rejects(createSandbox({ patients: 0, keyFile: bad }), /private RSA JWK/);
    writeFileSync(bad, 'not json');
    await assert.rejects(createSandbox({ patients: 0, keyFile: bad }), /cannot read the signing key file/);
  });
});
