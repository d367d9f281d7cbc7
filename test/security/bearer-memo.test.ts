/**
 * The Bearer check keeps the last header that passed and the verified tokens by their string
 * (src/auth/bearer.ts): neither may answer for a token the authorization server no longer
 * honours. RFC 6750 §3.1 (invalid_token: expired or revoked), RFC 7592 §2.3 (a removed
 * client's tokens are invalidated at once), RFC 7009 §2.1 (a revoked token stops working).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';
import { getTokens, postForm } from '../helpers/flows.js';
import { startSandbox } from '../helpers/sandbox.js';

const CLIENT = { clientId: 'memo-app', type: 'public' as const, redirectUris: ['http://127.0.0.1/cb'] };

async function sandbox(): Promise<{ sb: Sandbox; patient: string }> {
  const sb = await createSandbox({ patients: 1, keyFile: TEST_KEY_FILE });
  sb.clients.add(CLIENT);
  return { sb, patient: sb.store.search('Patient')[0]!.id! };
}

const read = (sb: Sandbox, patient: string, token: string) =>
  request(sb.app).get(`/fhir/Patient/${patient}`).set('host', 'localhost').set('authorization', `Bearer ${token}`);

describe('the Bearer check of a header seen before', () => {
  it('refuses a removed client\'s token, also one that had expired when the client was removed and the clock then moved back', async () => {
    const { sb, patient } = await sandbox();
    try {
      const token = (await sb.issueToken({ clientId: CLIENT.clientId, patient, scope: 'patient/*.rs', expiresIn: 60 })).access_token;
      assert.equal((await read(sb, patient, token)).status, 200);
      sb.clock.advance(120_000);
      assert.equal((await read(sb, patient, token)).status, 401);
      assert.equal(sb.clients.remove(CLIENT.clientId), true);
      sb.clock.advance(-120_000);
      const res = await read(sb, patient, token);
      assert.equal(res.status, 401);
      assert.match(String(res.headers['www-authenticate']), /invalid_token/);
    } finally {
      await sb.close();
    }
  });

  it('refuses a token once it is revoked, expired, or its sandbox reset; two sandboxes share no memo', async () => {
    const a = await sandbox();
    const b = await sandbox();
    try {
      const token = (await a.sb.issueToken({ clientId: CLIENT.clientId, patient: a.patient, scope: 'patient/*.rs', expiresIn: 60 })).access_token;
      assert.equal((await read(a.sb, a.patient, token)).status, 200);
      assert.equal((await read(b.sb, b.patient, token)).status, 401, 'a token of one sandbox is unknown to the other');
      assert.equal((await read(a.sb, a.patient, token)).status, 200);
      a.sb.clock.advance(61_000);
      assert.equal((await read(a.sb, a.patient, token)).status, 401, 'expired on the sandbox clock');
      a.sb.clock.advance(-61_000);
      assert.equal((await read(a.sb, a.patient, token)).status, 200);
      await a.sb.reset();
      assert.equal((await read(a.sb, a.patient, token)).status, 401, 'forgotten on reset');

      const second = (await a.sb.issueToken({ clientId: CLIENT.clientId, patient: a.patient, scope: 'patient/*.rs' })).access_token;
      assert.equal((await read(a.sb, a.patient, second)).status, 200);
      const revoked = await request(a.sb.app).post('/auth/revoke').set('host', 'localhost').type('form').send({ token: second, client_id: CLIENT.clientId });
      assert.equal(revoked.status, 200);
      assert.equal((await read(a.sb, a.patient, second)).status, 401, 'revoked');
    } finally {
      await a.sb.close();
      await b.sb.close();
    }
  });

  it('refuses a token for another FHIR base whatever header passed before', async () => {
    const { sb, patient } = await sandbox();
    try {
      const token = (await sb.issueToken({ clientId: CLIENT.clientId, patient, scope: 'patient/*.rs', fhirBaseUrl: 'http://localhost/fhir' })).access_token;
      assert.equal((await read(sb, patient, token)).status, 200);
      const other = await request(sb.app).get(`/fhir/Patient/${patient}`).set('host', '127.0.0.1:9').set('authorization', `Bearer ${token}`);
      assert.equal(other.status, 401);
    } finally {
      await sb.close();
    }
  });

  it('refuses the access tokens of a revoked refresh token\'s grant, also one that had expired when it was revoked and the clock then moved back', async () => {
    const t = await startSandbox();
    try {
      const tokens = await getTokens(t, { scope: 'launch/patient openid fhirUser offline_access patient/Patient.rs' });
      const headers = { authorization: `Bearer ${tokens.access_token}` };
      const url = `${t.fhirBase}/Patient/${String(tokens.patient)}`;
      assert.equal((await fetch(url, { headers })).status, 200);
      const ahead = (Number(tokens.expires_in) + 60) * 1000;
      t.sb.clock.advance(ahead);
      assert.equal((await fetch(url, { headers })).status, 401);
      assert.equal((await postForm(`${t.url}/auth/revoke`, { token: String(tokens.refresh_token), client_id: 'demo-public-app' })).status, 200);
      t.sb.clock.advance(-ahead);
      assert.equal((await fetch(url, { headers })).status, 401);
    } finally {
      await t.close();
    }
  });
});

