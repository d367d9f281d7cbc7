/**
 * authenticateBearer, the check the FHIR API runs on every request (contract §7 rows it
 * owns): missing, malformed, unknown, tampered, expired, revoked, wrong audience; and the
 * record it returns.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { getTokens } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('authenticateBearer', () => {
  let t: TestSandbox;
  let token: string;
  before(async () => {
    t = await startSandbox();
    token = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: 'Practitioner/prac-1', patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  const check = (header: string | undefined, base = t.fhirBase) => t.sb.authenticateBearer(header, base);

  it('accepts a live token and returns its record', () => {
    const result = check(`Bearer ${token}`);
    assert.ok(result.ok);
    const r = result.token;
    assert.equal(r.clientId, 'demo-public-app');
    assert.deepEqual(r.scope, ['launch/patient', 'openid', 'fhirUser', 'patient/*.rs']);
    assert.equal(r.context.patient, 'pat-1');
    assert.equal(r.fhirUser, `${t.fhirBase}/Practitioner/prac-1`);
    assert.equal(r.userType, 'Practitioner');
    assert.deepEqual(r.user, { resourceType: 'Practitioner', id: 'prac-1' });
    assert.equal(r.aud, t.fhirBase);
    assert.equal(typeof r.jti, 'string');
    assert.equal(r.exp - r.iat, 3600);
  });

  it('accepts the base with a trailing slash, and a lower-case scheme word', () => {
    assert.ok(check(`Bearer ${token}`, `${t.fhirBase}/`).ok);
    assert.ok(check(`bearer ${token}`).ok);
  });

  it('answers a missing header with 401 and a realm-only challenge', () => {
    for (const header of [undefined, '', '   ']) {
      const r = check(header);
      assert.ok(!r.ok);
      assert.equal(r.status, 401);
      assert.equal(r.missing, true);
      assert.equal(r.challenge, 'Bearer realm="mock-ehr"');
    }
  });

  it('answers a malformed header with 400 invalid_request', () => {
    for (const header of ['Basic abc', 'Bearer', 'Bearer a b', `Token ${token}`, 'Bearer <script>']) {
      const r = check(header);
      assert.ok(!r.ok, header);
      assert.equal(r.status, 400);
      assert.equal(r.error, 'invalid_request');
      assert.match(r.challenge, /error="invalid_request"/);
    }
  });

  it('answers unknown, tampered and foreign-key tokens with 401 invalid_token', () => {
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const widened = Buffer.from(JSON.stringify({ ...payload, scope: 'user/*.cruds' })).toString('base64url');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${h}.${p}.${sign('sha256', Buffer.from(`${h}.${p}`), privateKey).toString('base64url')}`;
    const none = `${Buffer.from('{"alg":"none","kid":"test-signing-key"}').toString('base64url')}.${p}.`;
    // A changed signature byte, and the same signature spelled with non-zero padding bits.
    const flipped = `${h}.${p}.${s![0] === 'A' ? 'B' : 'A'}${s!.slice(1)}`;
    const last = s!.at(-1)!;
    const respelled = `${h}.${p}.${s!.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`;
    for (const bad of ['abc', `${h}.${widened}.${s}`, forged, none, flipped, respelled]) {
      const r = check(`Bearer ${bad}`);
      assert.ok(!r.ok);
      assert.equal(r.status, 401);
      assert.equal(r.error, 'invalid_token');
      assert.match(r.challenge, /error="invalid_token"/);
    }
  });

  it('answers a token for another FHIR base with 401 invalid_token', () => {
    const r = check(`Bearer ${token}`, 'https://other.example/fhir');
    assert.ok(!r.ok);
    assert.equal(r.error, 'invalid_token');
  });

  it('checks expiry on the sandbox clock, even for a cached token', () => {
    assert.ok(check(`Bearer ${token}`).ok);
    t.sb.clock.advance(3600_000);
    try {
      const r = check(`Bearer ${token}`);
      assert.ok(!r.ok);
      assert.match(r.description, /expired/);
    } finally {
      t.sb.clock.advance(-3600_000);
    }
  });

  it('sees a revocation at once, even for a cached token', async () => {
    const other = (await getTokens(t)).access_token;
    assert.ok(check(`Bearer ${other}`).ok);
    await fetch(`${t.url}/auth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${other}&client_id=demo-public-app` });
    const r = check(`Bearer ${other}`);
    assert.ok(!r.ok);
    assert.match(r.description, /revoked/);
  });

  it('forgets tokens on reset()', async () => {
    const own = await startSandbox();
    try {
      const tk = (await getTokens(own)).access_token;
      assert.ok(own.sb.authenticateBearer(`Bearer ${tk}`, own.fhirBase).ok);
      await own.sb.reset();
      assert.ok(!own.sb.authenticateBearer(`Bearer ${tk}`, own.fhirBase).ok);
    } finally {
      await own.close();
    }
  });
});
