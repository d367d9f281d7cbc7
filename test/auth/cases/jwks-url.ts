/**
 * Client keys registered by URL (SMART client-confidential-asymmetric, "Signature
 * Verification"): fetched with GET and `Accept: application/json` from a loopback server,
 * kept no longer than its Cache-Control allows (on the sandbox clock), a `jku` equal to the
 * registered URL, and fetch failures as one generic `invalid_client` (the reason in the events).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { cacheSeconds } from '../../../src/auth/client-auth/remote-jwks.js';
import { publicJwk } from '../../../src/auth/clients/demo-keys.js';
import type { PrivateJwk } from '../../../src/index.js';
import { backendToken, serveJwks, type JwksServer } from '../../helpers/backend.js';
import type { TokenReply } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

function newKey(kid: string, type: 'ec' | 'rsa' = 'ec'): PrivateJwk {
  const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-384' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: type === 'ec' ? 'ES384' : 'RS384' } as PrivateJwk;
}

function invalidClient(reply: TokenReply, description: RegExp): void {
  assert.equal(reply.status, 401, JSON.stringify(reply.body));
  assert.equal(reply.body.error, 'invalid_client');
  assert.match(String(reply.body.error_description), description);
}

describe('client JWK Sets by URL', () => {
  let t: TestSandbox;
  let jwks: JwksServer;
  let key: PrivateJwk;
  let n = 0;
  let clientId: string;
  let url: string;
  before(async () => {
    t = await startSandbox();
    key = newKey('url-key-1');
    jwks = await serveJwks([publicJwk(key)]);
  });
  after(async () => {
    await jwks.close();
    await t.close();
  });
  beforeEach(() => {
    // A new client and URL per test: the cache is per URL, so no test sees another's cache.
    clientId = `url-backend-${++n}`;
    url = `${jwks.url}?test=${n}`;
    t.sb.clients.add({ clientId, type: 'backend-service', jwksUri: url });
    jwks.keys = [publicJwk(key)];
    jwks.headers = { 'cache-control': 'max-age=60' };
    jwks.status = 200;
    jwks.requests.length = 0;
  });

  const token = (extra: Parameters<typeof backendToken>[1] = {}): Promise<TokenReply> => backendToken(t, { clientId, key, ...extra });
  const advance = async (seconds: number, body: () => Promise<void>): Promise<void> => {
    t.sb.clock.advance(seconds * 1000);
    try {
      await body();
    } finally {
      t.sb.clock.advance(-seconds * 1000);
    }
  };
  const sandboxNow = (): number => Math.floor(t.sb.clock.now() / 1000);

  it('fetches the set with GET and Accept: application/json, and the token works', async () => {
    const reply = await token();
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(jwks.requests.length, 1);
    assert.match(String(jwks.requests[0]!.accept), /^application\/json/);
  });

  it('accepts a jku equal to the registered URL, refuses any other', async () => {
    assert.equal((await token({ assertion: { header: { jku: url } } })).status, 200);
    invalidClient(await token({ assertion: { header: { jku: jwks.url } } }), /jku 'http:\/\/127\.0\.0\.1:\d+\/jwks\.json' is not the registered JWK Set URL http:\/\/127\.0\.0\.1:\d+\/jwks\.json\?test=\d+/);
    invalidClient(await token({ assertion: { header: { jku: 'https://evil.example/jwks.json' } } }), /is not the registered JWK Set URL/);
  });

  it('keeps the set for max-age seconds, then fetches it again', async () => {
    assert.equal((await token()).status, 200);
    assert.equal((await token()).status, 200);
    assert.equal(jwks.requests.length, 1, 'cached');
    await advance(59, async () => {
      assert.equal((await token({ assertion: { now: sandboxNow() } })).status, 200);
      assert.equal(jwks.requests.length, 1, 'still fresh after 59 s');
    });
    await advance(61, async () => {
      assert.equal((await token({ assertion: { now: sandboxNow() } })).status, 200);
      assert.equal(jwks.requests.length, 2, 'stale after 61 s');
    });
  });

  it('counts the Age header against max-age', async () => {
    jwks.headers = { 'cache-control': 'public, max-age=60', age: '50' };
    assert.equal((await token()).status, 200);
    await advance(9, async () => {
      assert.equal((await token({ assertion: { now: sandboxNow() } })).status, 200);
      assert.equal(jwks.requests.length, 1, 'fresh for 10 s');
    });
    await advance(11, async () => {
      assert.equal((await token({ assertion: { now: sandboxNow() } })).status, 200);
      assert.equal(jwks.requests.length, 2, 'stale after 10 s');
    });
  });

  for (const [what, headers] of [
    ['no-store', { 'cache-control': 'no-store' }],
    ['no-cache', { 'cache-control': 'no-cache, max-age=600' }],
    ['no Cache-Control header', {}],
  ] as [string, Record<string, string>][]) {
    it(`does not keep a set served with ${what}: a rotated key works at once`, async () => {
      jwks.headers = headers;
      assert.equal((await token()).status, 200);
      assert.equal((await token()).status, 200);
      assert.equal(jwks.requests.length, 2, 'fetched for each assertion');
      const rotated = newKey('url-key-2');
      jwks.keys = [publicJwk(rotated)];
      assert.equal((await backendToken(t, { clientId, key: rotated })).status, 200);
      invalidClient(await token(), /no registered key has kid 'url-key-1'/);
    });
  }

  it('applies the exactly-one-key rule to the fetched set', async () => {
    jwks.keys = [publicJwk(key), publicJwk({ ...newKey('x'), kid: key.kid })];
    invalidClient(await token(), /more than one registered key has kid 'url-key-1'/);
  });

  it('picks the key whose kty fits alg when an EC and an RSA key share a kid (keys without alg)', async () => {
    const rsa = newKey(key.kid, 'rsa');
    const withoutAlg = (k: PrivateJwk): Record<string, unknown> => {
      const { alg: _alg, ...rest } = publicJwk(k);
      return rest;
    };
    jwks.keys = [withoutAlg(key), withoutAlg(rsa)];
    assert.equal((await token()).status, 200);
    assert.equal((await backendToken(t, { clientId, key: rsa })).status, 200);
  });

  /** The token reply, and the detail the server kept for its events (never sent to the client). */
  const withDetail = async (request: () => Promise<TokenReply>): Promise<{ reply: TokenReply; detail: string }> => {
    const details: string[] = [];
    const stop = t.sb.events.on('auth.error', (e) => details.push(e.detail ?? ''));
    try {
      return { reply: await request(), detail: details.join('\n') };
    } finally {
      stop();
    }
  };
  const GENERIC = /^client assertion: could not fetch the key set from the registered jwks_uri$/;

  it('refuses with one generic invalid_client when the set cannot be had; the reason goes to the events', async () => {
    jwks.status = 404;
    let { reply, detail } = await withDetail(() => token());
    invalidClient(reply, GENERIC);
    assert.match(detail, /jwks\.json\?test=\d+ answered HTTP 404, not 200/);
    jwks.status = 200;
    jwks.keys = [{ no: 'kty' }];
    ({ reply, detail } = await withDetail(() => token()));
    invalidClient(reply, GENERIC);
    assert.match(detail, /is not a JWK Set/);
    const down = await serveJwks([]);
    await down.close();
    t.sb.clients.add({ clientId: 'unreachable-keys', type: 'backend-service', jwksUri: down.url });
    ({ reply, detail } = await withDetail(() => backendToken(t, { clientId: 'unreachable-keys', key })));
    invalidClient(reply, GENERIC);
    assert.match(detail, /ECONNREFUSED/);
  });

  it('refuses a set larger than 256 KiB without keeping it', async () => {
    const padding = { kty: 'oct', k: 'A'.repeat(1024) };
    jwks.keys = [publicJwk(key), ...Array.from({ length: 300 }, (_, i) => ({ ...padding, kid: `pad-${i}` }))];
    const { reply, detail } = await withDetail(() => token());
    invalidClient(reply, GENERIC);
    assert.match(detail, /larger than 262144 bytes/);
    jwks.keys = [publicJwk(key)];
    assert.equal((await token()).status, 200, 'the next assertion fetches the set again');
  });

  it('fetches again after sb.reset()', async () => {
    assert.equal((await token()).status, 200);
    await t.sb.reset();
    t.sb.clients.add({ clientId, type: 'backend-service', jwksUri: url });
    assert.equal((await token()).status, 200);
    assert.equal(jwks.requests.length, 2);
  });
});

describe('cacheSeconds (Cache-Control of a JWK Set response)', () => {
  const rows: [string | null, string | null, number][] = [
    [null, null, 0],
    ['max-age=300', null, 300],
    ['public, max-age=300', '100', 200],
    ['max-age="60"', null, 60],
    ['MAX-AGE=60', null, 60],
    ['max-age=60', '90', 0],
    ['max-age=60, no-cache', null, 0],
    ['no-store', null, 0],
    ['private', null, 0],
    ['max-age=abc', null, 0],
    ['max-age=60, max-age=10', null, 10],
  ];
  for (const [cacheControl, age, seconds] of rows) {
    it(`Cache-Control ${JSON.stringify(cacheControl)}, Age ${JSON.stringify(age)} → ${seconds} s`, () => {
      assert.equal(cacheSeconds(cacheControl, age), seconds);
    });
  }
});
