/** Contract §5: token introspection (RFC 7662) and revocation (RFC 7009). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLIENT_SECRET } from '../../../src/index.js';
import { ehrLaunch, exchangeCode, getTokens, postForm, type TokenReply } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('introspection and revocation', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  // A public client identifies itself with client_id (RFC 7662 §2.1, RFC 7009 §2.1); an authenticated caller sends no client_id.
  const asPublic = (headers: Record<string, string>): Record<string, string> => (headers.authorization?.startsWith('Basic') ? {} : { client_id: 'demo-public-app' });
  const introspect = (token: string, headers: Record<string, string> = {}): Promise<TokenReply> => postForm(`${t.url}/auth/introspect`, { token, ...asPublic(headers) }, headers);
  const revoke = (fields: Record<string, string>, headers: Record<string, string> = {}): Promise<TokenReply> => postForm(`${t.url}/auth/revoke`, { ...asPublic(headers), ...fields }, headers);

  describe('introspection', () => {
    it('shows an active access token with scope, client, times, subject, issuer, fhirUser and the context as bare ids', async () => {
      const flow = await ehrLaunch(t, { user: 'Practitioner/prac-1', patient: 'pat-1', encounter: 'enc-1' }, { scope: 'launch openid fhirUser patient/*.rs' });
      const tokens = (await exchangeCode(t, flow)).body;
      const reply = await introspect(tokens.access_token as string);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers.get('cache-control'), 'no-store');
      const info = reply.body;
      assert.equal(info.active, true);
      assert.equal(info.scope, tokens.scope);
      assert.equal(info.client_id, 'demo-public-app');
      assert.equal(typeof info.exp, 'number');
      assert.equal(typeof info.iat, 'number');
      assert.equal(info.exp, (info.iat as number) + (tokens.expires_in as number));
      assert.equal(info.sub, 'Practitioner/prac-1');
      assert.equal(info.iss, t.url);
      assert.equal(info.fhirUser, `${t.fhirBase}/Practitioner/prac-1`);
      assert.equal(info.patient, 'pat-1');
      assert.equal(info.encounter, 'enc-1');
    });

    it('leaves fhirUser out when no id_token was made', async () => {
      const tokens = await getTokens(t, { scope: 'launch/patient patient/*.rs' });
      const info = (await introspect(tokens.access_token)).body;
      assert.equal(info.active, true);
      assert.equal(info.fhirUser, undefined);
      assert.equal(info.patient, 'pat-1');
    });

    it('answers exactly { active: false } for unknown, malformed, expired and revoked tokens', async () => {
      for (const token of ['nope', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0.']) {
        const reply = await introspect(token);
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.body, { active: false });
      }
      const revoked = await getTokens(t);
      await revoke({ token: revoked.access_token });
      assert.deepEqual((await introspect(revoked.access_token)).body, { active: false });
      const expired = await getTokens(t);
      t.sb.clock.advance(3601_000);
      try {
        assert.deepEqual((await introspect(expired.access_token)).body, { active: false });
      } finally {
        t.sb.clock.advance(-3601_000);
      }
    });

    it('shows an active refresh token, and not once it is used', async () => {
      const tokens = await getTokens(t);
      const info = (await introspect(tokens.refresh_token as string)).body;
      assert.equal(info.active, true);
      assert.equal(info.client_id, 'demo-public-app');
      assert.equal(info.scope, tokens.scope);
      assert.equal(info.token_type, undefined, 'token_type names access token types (Bearer); a refresh token has none');
      await postForm(`${t.url}/auth/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string });
      assert.deepEqual((await introspect(tokens.refresh_token as string)).body, { active: false });
    });

    it('accepts a caller that authenticates as a client, and refuses a wrong secret', async () => {
      const tokens = await getTokens(t);
      const ok = await introspect(tokens.access_token, { authorization: basic('demo-confidential-app', DEMO_CLIENT_SECRET) });
      assert.equal(ok.body.active, true);
      const bad = await introspect(tokens.access_token, { authorization: basic('demo-confidential-app', 'wrong') });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.error, 'invalid_client');
      const bearer = await introspect(tokens.access_token, { authorization: `Bearer ${tokens.access_token}` });
      assert.equal(bearer.body.active, true, 'a Bearer header is fine');
    });

    it('missing token → 400 invalid_request', async () => {
      const reply = await postForm(`${t.url}/auth/introspect`, { client_id: 'demo-public-app' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_request');
    });
  });

  describe('revocation', () => {
    it('answers 200 with an empty body, even for an unknown token', async () => {
      const res = await fetch(`${t.url}/auth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=never-issued&client_id=demo-public-app' });
      assert.equal(res.status, 200);
      assert.equal(await res.text(), '');
    });

    it('revokes an access token alone', async () => {
      const tokens = await getTokens(t);
      await revoke({ token: tokens.access_token, token_type_hint: 'access_token' });
      assert.equal(t.sb.authenticateBearer(`Bearer ${tokens.access_token}`, t.fhirBase).ok, false);
      assert.equal((await introspect(tokens.refresh_token as string)).body.active, true);
    });

    it('a revoked refresh token also stops the access tokens made from it', async () => {
      const tokens = await getTokens(t);
      const refreshed = await postForm(`${t.url}/auth/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string });
      await revoke({ token: refreshed.body.refresh_token as string, token_type_hint: 'refresh_token' });
      for (const token of [tokens.access_token, refreshed.body.access_token as string, refreshed.body.refresh_token as string]) {
        assert.deepEqual((await introspect(token)).body, { active: false });
      }
    });

    it('lets an authenticated client revoke only its own tokens', async () => {
      const tokens = await getTokens(t);
      const reply = await revoke({ token: tokens.access_token }, { authorization: basic('demo-confidential-app', DEMO_CLIENT_SECRET) });
      assert.equal(reply.status, 200);
      assert.equal((await introspect(tokens.access_token)).body.active, true);
      const wrongPublic = await revoke({ token: tokens.access_token, client_id: 'another-app' });
      assert.equal(wrongPublic.status, 200);
      assert.equal((await introspect(tokens.access_token)).body.active, true);
      await revoke({ token: tokens.access_token, client_id: 'demo-public-app' });
      assert.equal((await introspect(tokens.access_token)).body.active, false);
    });

    it('emits auth.revoke and auth.introspect without token values', async () => {
      const tokens = await getTokens(t);
      const seen: string[] = [];
      const stop = t.sb.events.on('*', (e) => seen.push(JSON.stringify(e)));
      await introspect(tokens.access_token);
      await revoke({ token: tokens.access_token });
      stop();
      assert.deepEqual(seen.map((s) => (JSON.parse(s) as { type: string }).type), ['auth.introspect', 'auth.revoke']);
      assert.ok(!seen.join('').includes(tokens.access_token));
    });
  });
});
