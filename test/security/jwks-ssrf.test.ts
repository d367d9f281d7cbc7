/**
 * A registered jwks_uri cannot make the sandbox reach internal hosts: no redirects are
 * followed, names that resolve to private, link-local or unique-local addresses are refused
 * (checked after resolution, then connected to the checked address), IP literals likewise,
 * and the client learns only that the key set could not be fetched. Only loopback servers
 * are contacted here; internal names are simulated by the injectable resolver.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { publicJwk } from '../../src/auth/clients/demo-keys.js';
import { addressAllowed } from '../../src/auth/client-auth/address-policy.js';
import { DEMO_BACKEND_ES384 } from '../../src/index.js';
import { backendToken, serveJwks, type JwksServer } from '../helpers/backend.js';
import type { TokenReply } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const INTERNAL: Record<string, string[]> = {
  'keys.internal.test': ['10.1.2.3'],
  'metadata.internal.test': ['::ffff:169.254.169.254'],
  'mixed.internal.test': ['127.0.0.1', 'fd12:3456::1'],
  'keys.dev.test': ['127.0.0.1'],
};

const GENERIC = { error: 'invalid_client', error_description: 'client assertion: could not fetch the key set from the registered jwks_uri' };

describe('jwks_uri cannot reach internal hosts', () => {
  let t: TestSandbox;
  let keys: JwksServer;
  let redirector: Server;
  let redirectorUrl: string;
  const lookups: string[] = [];
  before(async () => {
    keys = await serveJwks([publicJwk(DEMO_BACKEND_ES384)]);
    redirector = createServer((_req, res) => res.writeHead(302, { location: keys.url }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/jwks.json`;
    t = await startSandbox({
      jwksResolver: async (hostname: string) => {
        lookups.push(hostname);
        const addresses = INTERNAL[hostname];
        if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      },
    });
  });
  after(async () => {
    await t.close();
    await keys.close();
    await new Promise<void>((resolve) => redirector.close(() => resolve()));
  });

  /** A backend client with keys at `jwksUri`, and a token request signed with the matching key. */
  async function tokenWithKeysAt(clientId: string, jwksUri: string): Promise<{ reply: TokenReply; detail: string }> {
    t.sb.clients.add({ clientId, type: 'backend-service', jwksUri });
    const details: string[] = [];
    const stop = t.sb.events.on('auth.error', (e) => details.push(e.detail ?? ''));
    try {
      return { reply: await backendToken(t, { clientId, key: DEMO_BACKEND_ES384 }), detail: details.join('\n') };
    } finally {
      stop();
    }
  }

  function refusedGenerically(reply: TokenReply): void {
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body, GENERIC);
  }

  it('does not follow a redirect from a loopback key server', async () => {
    const before = keys.requests.length;
    const { reply, detail } = await tokenWithKeysAt('redirecting-keys', redirectorUrl);
    refusedGenerically(reply);
    assert.match(detail, /HTTP 302.*redirects are not followed/);
    assert.equal(keys.requests.length, before, 'the redirect target was never asked');
  });

  for (const [name, what] of [
    ['keys.internal.test', 'a private address'],
    ['metadata.internal.test', 'a link-local address (IPv4-mapped)'],
    ['mixed.internal.test', 'loopback and a unique-local address'],
  ] as const) {
    it(`refuses an https jwks_uri whose name resolves to ${what}, without connecting`, async () => {
      const { reply, detail } = await tokenWithKeysAt(`internal-${name}`, `https://${name}/jwks.json`);
      refusedGenerically(reply);
      assert.match(detail, /is not allowed/);
      assert.ok(lookups.includes(name));
    });
  }

  it('refuses private and link-local IP literals before any connection', async () => {
    for (const literal of ['https://10.0.0.1/jwks.json', 'https://169.254.169.254/latest/jwks', 'https://[fd00::1]/jwks.json', 'http://0.0.0.0:80/jwks.json']) {
      const { reply, detail } = await tokenWithKeysAt(`literal-${literal.length}-${literal.charCodeAt(10)}`, literal);
      refusedGenerically(reply);
      assert.match(detail, /address, which is not allowed/, literal);
    }
  });

  it('connects to the checked loopback address of a name that resolves to loopback', async () => {
    const { reply } = await tokenWithKeysAt('dev-keys', keys.url.replace('127.0.0.1', 'keys.dev.test'));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  });

  it('refuses to register a jwks_uri that names an internal IP literal, and keeps no client', async () => {
    const before = t.sb.clients.list().length;
    const res = await fetch(`${t.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], scope: 'system/*.rs', jwks_uri: 'https://169.254.169.254/keys' }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_client_metadata');
    assert.equal(t.sb.clients.list().length, before);
  });

  it('widens to private addresses only by option', () => {
    for (const a of ['10.0.0.1', '192.168.1.1', '169.254.169.254', 'fd00::1', 'fe80::1']) {
      assert.equal(addressAllowed(a, { allowPrivate: false }), false, a);
      assert.equal(addressAllowed(a, { allowPrivate: true }), true, a);
    }
    for (const a of ['0.0.0.0', '::', '224.0.0.1', '255.255.255.255']) assert.equal(addressAllowed(a, { allowPrivate: true }), false, a);
    for (const a of ['127.0.0.1', '::1', '8.8.8.8']) assert.equal(addressAllowed(a, { allowPrivate: false }), true, a);
  });

});
