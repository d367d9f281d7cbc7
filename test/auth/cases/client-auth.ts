/**
 * Contract §4, client authentication: public, client_secret_basic, client_secret_post and
 * private_key_jwt (RS384 / ES384, aud = token URL, exp ≤ 5 min, jti once, kid, jku).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { SignJWT } from 'jose';
import { publicJwk } from '../../../src/auth/clients/demo-keys.js';
import { DEMO_ASYMMETRIC_ES384, DEMO_ASYMMETRIC_RS384, DEMO_CLIENT_SECRET, type PrivateJwk } from '../../../src/index.js';
import { backendToken } from '../../helpers/backend.js';
import { assertionFields, JWT_BEARER } from '../../helpers/client-assertion.js';
import { exchangeCode, standaloneLaunch, type FlowResult, type TokenReply } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('client authentication at the token endpoint', () => {
  let t: TestSandbox;
  let tokenUrl: string;
  before(async () => {
    t = await startSandbox();
    tokenUrl = `${t.url}/auth/token`;
  });
  after(() => t.close());

  const codeFor = (clientId: string): Promise<FlowResult> => standaloneLaunch(t, { clientId }, { patient: 'pat-1' });
  const expectInvalidClient = (reply: TokenReply, header = false): void => {
    assert.equal(reply.status, 401, JSON.stringify(reply.body));
    assert.equal(reply.body.error, 'invalid_client');
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    if (header) assert.match(reply.headers.get('www-authenticate')!, /^Basic realm=/);
    else assert.equal(reply.headers.get('www-authenticate'), null);
  };

  describe('confidential symmetric', () => {
    it('client_secret_basic works', async () => {
      const flow = await codeFor('demo-confidential-app');
      const reply = await exchangeCode(t, flow, { extra: { client_id: undefined }, headers: { authorization: basic('demo-confidential-app', DEMO_CLIENT_SECRET) } });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });

    it('client_secret_post works', async () => {
      const reply = await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_secret: DEMO_CLIENT_SECRET } });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });

    it('a wrong secret → 401 invalid_client, with WWW-Authenticate when Basic was used', async () => {
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_id: undefined }, headers: { authorization: basic('demo-confidential-app', 'wrong') } }), true);
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_secret: 'wrong' } }));
    });

    it('a malformed Basic header → 401 invalid_client with WWW-Authenticate', async () => {
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_id: undefined }, headers: { authorization: 'Basic !!!' } }), true);
    });

    it('a confidential client that does not authenticate → 401 invalid_client', async () => {
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-confidential-app')));
    });

    it('two methods at once → 400 invalid_request', async () => {
      const reply = await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_secret: DEMO_CLIENT_SECRET }, headers: { authorization: basic('demo-confidential-app', DEMO_CLIENT_SECRET) } });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_request');
    });

    it('a Basic client id that differs from the body client_id → invalid_client', async () => {
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_id: 'demo-public-app' }, headers: { authorization: basic('demo-confidential-app', DEMO_CLIENT_SECRET) } }), true);
    });
  });

  describe('public', () => {
    it('a public client presenting a secret → invalid_client', async () => {
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-public-app'), { extra: { client_secret: 'anything' } }));
    });
  });

  describe('confidential asymmetric (private_key_jwt)', () => {
    const exchange = async (fields: Record<string, string | undefined>): Promise<TokenReply> => exchangeCode(t, await codeFor('demo-asymmetric-app'), { extra: fields });

    it('works with ES384 and with RS384', async () => {
      for (const key of [DEMO_ASYMMETRIC_ES384, DEMO_ASYMMETRIC_RS384]) {
        const reply = await exchange(await assertionFields({ aud: tokenUrl, key }));
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
      }
    });

    it('works without client_id in the body, the assertion names the client', async () => {
      const reply = await exchange({ client_id: undefined, ...(await assertionFields({ aud: tokenUrl })) });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });

    const bad: [string, () => Promise<Record<string, string | undefined>>][] = [
      ['no assertion', async () => ({ client_assertion_type: JWT_BEARER })],
      ['a wrong client_assertion_type', async () => ({ ...(await assertionFields({ aud: tokenUrl })), client_assertion_type: 'urn:other' })],
      ['aud the issuer instead of the token URL', async () => assertionFields({ aud: t.url })],
      ['exp more than five minutes ahead', async () => assertionFields({ aud: tokenUrl, expiresIn: 600 })],
      ['an expired assertion', async () => assertionFields({ aud: tokenUrl, now: Math.floor(Date.now() / 1000) - 600 })],
      ['no jti', async () => assertionFields({ aud: tokenUrl, jti: null })],
      ['iss not the client', async () => assertionFields({ aud: tokenUrl, iss: 'someone-else' })],
      ['sub not the client', async () => assertionFields({ aud: tokenUrl, sub: 'someone-else' })],
      ['an unknown kid', async () => assertionFields({ aud: tokenUrl, header: { kid: 'nope' } })],
      ['a jku that is not registered', async () => assertionFields({ aud: tokenUrl, header: { jku: 'https://evil.example/jwks.json' } })],
      ['alg RS256 (not RS384 or ES384)', async () => assertionFields({ aud: tokenUrl, key: DEMO_ASYMMETRIC_RS384, alg: 'RS256' })],
      ['a key of another client', async () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
        const jwk = { ...privateKey.export({ format: 'jwk' }), kid: DEMO_ASYMMETRIC_ES384.kid, alg: 'ES384' } as PrivateJwk;
        return assertionFields({ aud: tokenUrl, key: jwk });
      }],
      ['alg HS256 with a shared secret', async () => {
        const now = Math.floor(Date.now() / 1000);
        const jwt = await new SignJWT({ jti: 'hs' }).setProtectedHeader({ alg: 'HS256', kid: DEMO_ASYMMETRIC_ES384.kid }).setIssuer('demo-asymmetric-app').setSubject('demo-asymmetric-app').setAudience(tokenUrl).setIssuedAt(now).setExpirationTime(now + 60).sign(new TextEncoder().encode('x'.repeat(32)));
        return { client_assertion_type: JWT_BEARER, client_assertion: jwt };
      }],
      ['alg none', async () => {
        const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        const jwt = `${b64({ alg: 'none', kid: DEMO_ASYMMETRIC_ES384.kid })}.${b64({ iss: 'demo-asymmetric-app', sub: 'demo-asymmetric-app', aud: tokenUrl, exp: now + 60, jti: 'none' })}.`;
        return { client_assertion_type: JWT_BEARER, client_assertion: jwt };
      }],
      ['a tampered signature', async () => {
        const fields = await assertionFields({ aud: tokenUrl });
        const [h, p, s] = fields.client_assertion!.split('.');
        return { ...fields, client_assertion: `${h}.${p}.${s!.slice(0, -4)}AAAA` };
      }],
    ];
    for (const [what, fields] of bad) {
      it(`refuses ${what} with 401 invalid_client`, async () => {
        expectInvalidClient(await exchange(await fields()));
      });
    }

    it('refuses an assertion when two registered keys share its kid', async () => {
      t.sb.clients.add({
        clientId: 'twin-keys-app',
        type: 'confidential-asymmetric',
        jwks: { keys: [publicJwk(DEMO_ASYMMETRIC_ES384), { ...publicJwk(DEMO_ASYMMETRIC_ES384), x: publicJwk(DEMO_ASYMMETRIC_RS384).n!.slice(0, 64) }] },
        redirectUris: ['http://localhost:5173/callback'],
      });
      const reply = await exchangeCode(t, await codeFor('twin-keys-app'), { extra: await assertionFields({ clientId: 'twin-keys-app', aud: tokenUrl }) });
      expectInvalidClient(reply);
      assert.match(String(reply.body.error_description), /more than one/);
    });

    it('refuses a jti used before', async () => {
      const fields = await assertionFields({ aud: tokenUrl });
      assert.equal((await exchange(fields)).status, 200);
      expectInvalidClient(await exchange(fields));
    });

    it('refuses an asymmetric client that only sends its client_id', async () => {
      expectInvalidClient(await exchange({}));
    });

    it('accepts a registered client whose keys are at a jwks_uri, with a jku equal to it', async () => {
      const app = express();
      app.get('/jwks.json', (_req, res) => res.json({ keys: [publicJwk(DEMO_ASYMMETRIC_ES384)] }));
      const http = createServer(app);
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      try {
        const uri = `http://127.0.0.1:${(http.address() as { port: number }).port}/jwks.json`;
        t.sb.clients.add({ clientId: 'remote-keys-app', type: 'confidential-asymmetric', jwksUri: uri, redirectUris: ['http://localhost:5173/callback'] });
        const ok = await exchangeCode(t, await codeFor('remote-keys-app'), { extra: await assertionFields({ clientId: 'remote-keys-app', aud: tokenUrl, header: { jku: uri } }) });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        const other = await exchangeCode(t, await codeFor('remote-keys-app'), { extra: await assertionFields({ clientId: 'remote-keys-app', aud: tokenUrl, header: { jku: `${uri}?other` } }) });
        expectInvalidClient(other);
      } finally {
        http.close();
      }
    });

    it('emits no secret in events', async () => {
      const seen: string[] = [];
      const stop = t.sb.events.on('*', (e) => seen.push(JSON.stringify(e)));
      const fields = await assertionFields({ aud: tokenUrl });
      const reply = await exchange(fields);
      await exchangeCode(t, await codeFor('demo-confidential-app'), { extra: { client_secret: DEMO_CLIENT_SECRET } });
      stop();
      const all = seen.join('\n');
      assert.ok(!all.includes(fields.client_assertion!));
      assert.ok(!all.includes(DEMO_CLIENT_SECRET));
      assert.ok(!all.includes(String(reply.body.access_token)));
    });
  });

  it('behind a proxy (baseUrl set) wants the public token URL as aud, not the one the request reached', async () => {
    const proxied = await startSandbox({ baseUrl: 'https://ehr.example.test/sandbox' });
    try {
      const send = async (aud: string) =>
        backendToken(proxied, { assertion: { aud } });
      const inner = await send(`${proxied.url}/auth/token`);
      expectInvalidClient(inner);
      assert.match(String(inner.body.error_description), /aud must be the token endpoint URL https:\/\/ehr\.example\.test\/sandbox\/auth\/token/);
      assert.equal((await send('https://ehr.example.test/sandbox/auth/token')).status, 200);
    } finally {
      await proxied.close();
    }
  });

  it('judges assertion lifetimes on the sandbox clock', async () => {
    t.sb.clock.advance(10 * 60 * 1000);
    try {
      const realTime = await assertionFields({ aud: tokenUrl });
      expectInvalidClient(await exchangeCode(t, await codeFor('demo-asymmetric-app'), { extra: realTime }));
      const sandboxTime = await assertionFields({ aud: tokenUrl, now: Math.floor(t.sb.clock.now() / 1000) });
      assert.equal((await exchangeCode(t, await codeFor('demo-asymmetric-app'), { extra: sandboxTime })).status, 200);
    } finally {
      t.sb.clock.advance(-10 * 60 * 1000);
    }
  });
});
