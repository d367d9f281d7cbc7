/** Issue requirement 3: dynamic client registration (RFC 7591), and `sb.clients`. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, DEMO_ASYMMETRIC_ES384 } from '../../../src/index.js';
import { publicJwk } from '../../../src/auth/clients/demo-keys.js';
import { assertionFields } from '../../helpers/client-assertion.js';
import { exchangeCode, standaloneLaunch } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

/** Strict mode closes open registration; this initial access token (RFC 7591 §3) reopens it. */
const REGISTRATION_TOKEN = 'registration-token-for-tests';

describe('dynamic client registration', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ strict: true, registrationToken: REGISTRATION_TOKEN });
  });
  after(() => t.close());

  const register = async (metadata: unknown, contentType = 'application/json') => {
    const res = await fetch(`${t.url}/auth/register`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${REGISTRATION_TOKEN}` }, body: typeof metadata === 'string' ? metadata : JSON.stringify(metadata) });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  it('registers a public client that can then launch, in strict mode with the initial access token, with an exact redirect URI', async () => {
    const reply = await register({ redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none', client_name: 'My App', scope: 'launch/patient patient/*.rs' });
    assert.equal(reply.status, 201);
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    const clientId = reply.body.client_id as string;
    assert.equal(typeof clientId, 'string');
    assert.equal(reply.body.client_secret, undefined);
    assert.deepEqual(reply.body.redirect_uris, ['https://app.example/cb']);
    assert.equal(reply.body.client_name, 'My App');
    assert.equal(typeof reply.body.client_id_issued_at, 'number');
    const flow = await standaloneLaunch(t, { clientId, redirectUri: 'https://app.example/cb', scope: 'launch/patient patient/*.rs openid' }, { patient: 'pat-1' });
    assert.ok(flow.code);
    const tokens = await exchangeCode(t, flow);
    assert.equal(tokens.body.scope, 'launch/patient patient/*.rs', 'only what it registered for');
    const other = await fetch(`${t.url}/auth/authorize?client_id=${clientId}&redirect_uri=http://localhost:1/cb`, { redirect: 'manual' });
    assert.equal(other.status, 400, 'no loopback exception for registered clients');
  });

  it('gives a secret to a client_secret_basic client (the default method)', async () => {
    const reply = await register({ redirect_uris: ['https://app.example/cb'] });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.token_endpoint_auth_method, 'client_secret_basic');
    assert.equal(typeof reply.body.client_secret, 'string');
    assert.equal(reply.body.client_secret_expires_at, 0);
  });

  it('registers a private_key_jwt client with inline keys that can then authenticate', async () => {
    const reply = await register({ redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk(DEMO_ASYMMETRIC_ES384)] } });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const clientId = reply.body.client_id as string;
    const flow = await standaloneLaunch(t, { clientId, redirectUri: 'https://app.example/cb' }, { patient: 'pat-1' });
    const tokens = await exchangeCode(t, flow, { extra: await assertionFields({ clientId, aud: `${t.url}/auth/token` }) });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  });

  const bad: [string, unknown, string][] = [
    ['a redirect URI with a fragment', { redirect_uris: ['https://app.example/cb#x'] }, 'invalid_redirect_uri'],
    ['no redirect URI', { token_endpoint_auth_method: 'none' }, 'invalid_redirect_uri'],
    ['an unknown auth method', { redirect_uris: ['https://a.example/'], token_endpoint_auth_method: 'tls_client_auth' }, 'invalid_client_metadata'],
    ['private_key_jwt without keys', { redirect_uris: ['https://a.example/'], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    ['private keys in jwks', { redirect_uris: ['https://a.example/'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [DEMO_ASYMMETRIC_ES384] } }, 'invalid_client_metadata'],
    ['an implicit response type', { redirect_uris: ['https://a.example/'], response_types: ['token'] }, 'invalid_client_metadata'],
    ['a password grant', { redirect_uris: ['https://a.example/'], grant_types: ['password'] }, 'invalid_client_metadata'],
    ['not an object', [], 'invalid_client_metadata'],
    ['a plain http jwks_uri off this machine', { redirect_uris: ['https://a.example/'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://keys.example/jwks.json' }, 'invalid_client_metadata'],
  ];
  for (const [what, metadata, error] of bad) {
    it(`refuses ${what} with 400 ${error}`, async () => {
      const reply = await register(metadata);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, error);
    });
  }

  it('refuses a form body', async () => {
    const reply = await register('redirect_uris=https://a.example/', 'application/x-www-form-urlencoded');
    assert.equal(reply.status, 400);
  });

  it('forgets registered clients on reset()', async () => {
    const reply = await register({ redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' });
    const clientId = reply.body.client_id as string;
    assert.ok(t.sb.clients.get(clientId));
    await t.sb.reset();
    assert.equal(t.sb.clients.get(clientId), undefined);
    assert.ok(t.sb.clients.get('demo-public-app'), 'demo clients stay');
  });

  it('sb.clients.add checks the client like the clients option', () => {
    assert.throws(() => t.sb.clients.add({ clientId: 'x', type: 'confidential-symmetric', redirectUris: ['https://a.example/'] }), ConfigError);
    const added = t.sb.clients.add({ clientId: 'added', type: 'public', redirectUris: ['https://a.example/'] });
    assert.equal(added.origin, 'configured');
    assert.ok(t.sb.clients.list().some((c) => c.clientId === 'added'));
    assert.ok(t.sb.clients.remove('added'));
  });

  it('sb.clients.remove revokes the tokens the client holds (RFC 7592 §2.3): its access token is refused and its refresh token no longer works', async () => {
    // Its own sandbox: an earlier case here resets this suite's, which removes the fixture patients.
    const own = await startSandbox();
    try {
      own.sb.clients.add({ clientId: 'removed-app', type: 'public', redirectUris: ['https://a.example/'] });
      const tokens = await own.sb.issueToken({ clientId: 'removed-app', patient: 'pat-1', scope: 'launch/patient patient/*.rs offline_access' });
      const read = () => fetch(`${own.url}/fhir/Patient/pat-1`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      assert.equal((await read()).status, 200);
      assert.equal(own.sb.clients.remove('removed-app'), true);
      assert.equal(own.sb.clients.remove('removed-app'), false, 'a second removal finds nothing');
      const refused = await read();
      assert.equal(refused.status, 401);
      // A client added again under the same id does not bring the old tokens back.
      own.sb.clients.add({ clientId: 'removed-app', type: 'public', redirectUris: ['https://a.example/'] });
      assert.equal((await read()).status, 401);
      assert.ok(tokens.refresh_token, 'offline_access gave a refresh token');
      const refresh = await fetch(`${own.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: 'removed-app' }) });
      assert.equal(refresh.status, 400);
      assert.equal(((await refresh.json()) as { error: string }).error, 'invalid_grant');
    } finally {
      await own.close();
    }
  });
});
