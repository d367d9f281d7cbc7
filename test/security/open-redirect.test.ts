/**
 * No open redirector (RFC 9700 §4.11.2): a dynamically registered client with a non-loopback
 * redirect URI must use https, and until the user has seen a page of ours, errors for it are
 * shown on our error page instead of being redirected. Loopback apps keep the RFC 6749 error
 * redirects. `strict` closes open registration unless an initial access token is configured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorizeUrl, standaloneLaunch } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const PHISH = 'https://phish.example/cb';

async function register(t: TestSandbox, metadata: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${t.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(metadata) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const registeredCount = (t: TestSandbox): number => t.sb.clients.list().filter((c) => c.origin === 'registered').length;

describe('no open redirector', () => {
  let t: TestSandbox;
  let phishing: string;
  let loopback: string;
  before(async () => {
    t = await startSandbox();
    const a = await register(t, { redirect_uris: [PHISH], token_endpoint_auth_method: 'none' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    phishing = a.body.client_id as string;
    const b = await register(t, { redirect_uris: ['http://localhost:7777/cb'], token_endpoint_auth_method: 'none' });
    loopback = b.body.client_id as string;
  });
  after(() => t.close());

  it('refuses to register a plain http redirect URI off loopback, adding no client', async () => {
    const before = registeredCount(t);
    const reply = await register(t, { redirect_uris: ['http://phish.example/cb'], token_endpoint_auth_method: 'none' });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error, 'invalid_redirect_uri');
    assert.match(String(reply.body.error_description), /must use https/);
    assert.equal(registeredCount(t), before);
  });

  for (const [what, req] of [
    ['an invalid scope', { scope: 'not a/valid$scope' }],
    ['an unsupported response_type', { extra: { response_type: 'token' } }],
    ['a missing PKCE challenge', { extra: { code_challenge: undefined, code_challenge_method: undefined } }],
    ['a wrong aud', { aud: 'https://other.example/fhir' }],
  ] as const) {
    it(`shows ${what} for a registered https client on our error page, not at its redirect URI`, async () => {
      const res = await fetch(authorizeUrl(t, { clientId: phishing, redirectUri: PHISH, ...req }), { redirect: 'manual' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null, 'no redirect to the registered site');
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    });
  }

  it('keeps the RFC 6749 error redirect for a registered loopback app and for the demo app', async () => {
    for (const [clientId, redirectUri] of [[loopback, 'http://localhost:7777/cb'], ['demo-public-app', 'http://localhost:5173/callback']] as const) {
      const res = await fetch(authorizeUrl(t, { clientId, redirectUri, extra: { response_type: 'token' } }), { redirect: 'manual' });
      assert.equal(res.status, 302, clientId);
      const location = new URL(res.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, redirectUri);
      assert.equal(location.searchParams.get('error'), 'unsupported_response_type');
      assert.equal(location.searchParams.get('state'), 'state-123');
    }
  });

  it('redirects a denial once the user has seen our pages', async () => {
    const flow = await standaloneLaunch(t, { clientId: phishing, redirectUri: PHISH }, { patient: 'pat-1', decision: 'deny' });
    assert.equal(`${flow.location.origin}${flow.location.pathname}`, PHISH);
    assert.equal(flow.error, 'access_denied');
    assert.ok(flow.prompts.length > 0, 'the user saw our pages first');
  });
});

describe('strict closes open registration', () => {
  let closed: TestSandbox;
  let withToken: TestSandbox;
  const TOKEN = 'initial-access-token-0123456789';
  before(async () => {
    closed = await startSandbox({ strict: true });
    withToken = await startSandbox({ strict: true, registrationToken: TOKEN });
  });
  after(async () => {
    await closed.close();
    await withToken.close();
  });
  const metadata = { redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' };

  it('refuses every registration in strict mode without a registration token', async () => {
    const reply = await register(closed, metadata);
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error, 'invalid_token');
    assert.match(reply.headers.get('www-authenticate') ?? '', /^Bearer /);
    assert.equal(registeredCount(closed), 0);
  });

  it('requires the configured initial access token as a Bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789012' }, { authorization: `Basic ${TOKEN}` }] as Record<string, string>[]) {
      const reply = await register(withToken, metadata, headers);
      assert.equal(reply.status, 401, JSON.stringify(headers));
      assert.equal(reply.body.error, 'invalid_token');
    }
    assert.equal(registeredCount(withToken), 0);
    const ok = await register(withToken, metadata, { authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.status, 201);
    assert.equal(registeredCount(withToken), 1);
  });

  it('publishes the registration endpoint only while registration is open (RFC 8414 §2)', async () => {
    const open = await startSandbox();
    try {
      for (const [t, published] of [[closed, false], [withToken, true], [open, true]] as const) {
        const smart = (await (await fetch(`${t.url}/fhir/.well-known/smart-configuration`)).json()) as Record<string, unknown>;
        const openid = (await (await fetch(`${t.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
        const metadata = JSON.stringify(await (await fetch(`${t.url}/fhir/metadata`)).json());
        assert.equal('registration_endpoint' in smart, published, 'smart-configuration');
        assert.equal('registration_endpoint' in openid, published, 'openid-configuration');
        assert.equal(metadata.includes('"url":"register"'), published, 'CapabilityStatement oauth-uris');
        if (published) assert.equal(smart.registration_endpoint, `${t.url}/auth/register`);
      }
    } finally {
      await open.close();
    }
  });
});
