/**
 * Contract §3: the authorize endpoint. Phase one (client and redirect_uri) fails on an HTML
 * page and never redirects; phase two fails by redirect with error, description and state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorizeParams, authorizeUrl, launchFromEhr, REDIRECT_URI, standaloneLaunch } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import type { AuthorizeRequest } from '../../helpers/flows.js';

async function authorizeGet(t: TestSandbox, req: AuthorizeRequest = {}): Promise<Response> {
  return fetch(authorizeUrl(t, req), { redirect: 'manual' });
}

async function authorizePost(t: TestSandbox, req: AuthorizeRequest = {}): Promise<Response> {
  return fetch(`${t.url}/auth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: authorizeParams(t, req),
  });
}

/** The error a phase-two failure redirects with. */
async function redirectedError(res: Response): Promise<URLSearchParams> {
  assert.equal(res.status, 302, `expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const location = new URL(res.headers.get('location')!);
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  assert.equal(location.searchParams.get('code'), null, 'no code with an error');
  return location.searchParams;
}

/** The HTML error page of a phase-one failure. */
async function errorPage(res: Response): Promise<string> {
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null, 'never redirected');
  assert.match(res.headers.get('content-type')!, /^text\/html/);
  return res.text();
}

describe('authorize endpoint', () => {
  let t: TestSandbox;
  let strict: TestSandbox;
  before(async () => {
    t = await startSandbox({
      clients: [{ clientId: 'registered-app', type: 'public', redirectUris: ['https://app.example/callback'], name: 'Registered App' }],
    });
    strict = await startSandbox({ strict: true });
  });
  after(async () => {
    await t.close();
    await strict.close();
  });

  describe('phase one: client and redirect_uri, never redirected', () => {
    it('shows an error page for a missing client_id', async () => {
      const html = await errorPage(await authorizeGet(t, { extra: { client_id: undefined } }));
      assert.match(html, /no client_id/);
    });

    it('shows an error page for an unknown client in strict mode', async () => {
      const html = await errorPage(await authorizeGet(strict, { clientId: 'nobody' }));
      assert.match(html, /not registered/);
      assert.match(html, /invalid_client/);
    });

    it('shows an error page for a missing redirect_uri', async () => {
      await errorPage(await authorizeGet(t, { extra: { redirect_uri: undefined } }));
    });

    it('requires an exact redirect_uri match for a registered client', async () => {
      for (const redirectUri of ['https://app.example/callback/', 'https://app.example/callback?x=1', 'https://app.example/other', 'http://localhost:5173/callback']) {
        const html = await errorPage(await authorizeGet(t, { clientId: 'registered-app', redirectUri }));
        assert.match(html, /must equal one of the registered redirect URIs exactly/);
      }
      const ok = await authorizeGet(t, { clientId: 'registered-app', redirectUri: 'https://app.example/callback', scope: 'patient/*.rs' });
      assert.equal(ok.status, 303);
    });

    it('accepts an unknown client as a public loopback client, and only with a loopback redirect_uri', async () => {
      for (const redirectUri of ['http://localhost:3000/cb', 'http://127.0.0.1:9/x', 'http://[::1]:8080/', 'http://localhost/']) {
        const res = await authorizeGet(t, { clientId: 'my-new-app', redirectUri });
        assert.equal(res.status, 303, redirectUri);
        assert.match(res.headers.get('location')!, /\/auth\/interaction\//);
      }
      for (const redirectUri of ['https://evil.example/cb', 'http://localhost.evil.example/cb', 'http://10.0.0.1/cb', 'http://localhost:3000/cb#frag']) {
        await errorPage(await authorizeGet(t, { clientId: 'my-new-app', redirectUri }));
      }
    });

    it('refuses a backend service at the authorize endpoint', async () => {
      const html = await errorPage(await authorizeGet(t, { clientId: 'demo-backend-service' }));
      assert.match(html, /unauthorized_client/);
    });

    it('shows the page even when every other parameter is wrong too', async () => {
      const res = await authorizeGet(strict, { clientId: 'nobody', extra: { response_type: 'token', aud: 'https://x' } });
      await errorPage(res);
    });

    it('emits auth.error with redirected: false', async () => {
      const seen: boolean[] = [];
      const stop = strict.sb.events.on('auth.error', (e) => seen.push(e.redirected));
      await authorizeGet(strict, { clientId: 'nobody' });
      stop();
      assert.deepEqual(seen, [false]);
    });
  });

  describe('phase two: redirected with error, error_description and state', () => {
    const rows: [string, AuthorizeRequest, string][] = [
      ['response_type not code', { extra: { response_type: 'token' } }, 'unsupported_response_type'],
      ['response_type missing', { extra: { response_type: undefined } }, 'invalid_request'],
      ['code_challenge missing', { extra: { code_challenge: undefined, code_challenge_method: undefined } }, 'invalid_request'],
      ['code_challenge_method plain', { extra: { code_challenge_method: 'plain' } }, 'invalid_request'],
      ['code_challenge_method missing (means plain)', { extra: { code_challenge_method: undefined } }, 'invalid_request'],
      ['code_challenge not a S256 hash', { extra: { code_challenge: 'short' } }, 'invalid_request'],
      ['aud missing', { extra: { aud: undefined } }, 'invalid_request'],
      ['aud another server', { aud: 'https://other.example/fhir' }, 'invalid_request'],
      ['aud the sandbox root, not its FHIR base', { aud: 'ROOT' }, 'invalid_request'],
      ['launch unknown', { launch: 'no-such-launch', scope: 'launch patient/*.rs' }, 'invalid_request'],
      ['scope malformed', { scope: 'patient/*.rs\tuser/*.rs' }, 'invalid_scope'],
      ['scope missing', { extra: { scope: undefined } }, 'invalid_scope'],
      ['nothing grantable', { scope: 'system/*.rs' }, 'invalid_scope'],
      ['only unknown scopes', { scope: 'read write' }, 'invalid_scope'],
      ['permissions out of order', { scope: 'patient/Observation.sr' }, 'invalid_scope'],
      ['unknown permission letters', { scope: 'patient/Observation.rx' }, 'invalid_scope'],
      ['state missing', { extra: { state: undefined } }, 'invalid_request'],
      ['a repeated parameter', { extra: {} }, 'invalid_request'],
    ];
    for (const [what, req, error] of rows) {
      it(`${what} → ${error} (GET and POST)`, async () => {
        const fixed = { ...req, ...(req.aud === 'ROOT' ? { aud: t.url } : {}) };
        for (const send of [authorizeGet, authorizePost]) {
          let res: Response;
          if (what === 'a repeated parameter') {
            const params = authorizeParams(t, fixed);
            params.append('scope', 'user/*.rs');
            res = send === authorizeGet
              ? await fetch(`${t.url}/auth/authorize?${params}`, { redirect: 'manual' })
              : await fetch(`${t.url}/auth/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params });
          } else {
            res = await send(t, fixed);
          }
          const q = await redirectedError(res);
          assert.equal(q.get('error'), error);
          assert.ok((q.get('error_description') ?? '').length > 0);
          if (what !== 'state missing') assert.equal(q.get('state'), 'state-123');
        }
      });
    }

    it('answers an internal failure with server_error, redirected with state', async () => {
      const client = t.sb.clients.get('demo-confidential-app')!;
      const scope = client.scope;
      Object.defineProperty(client, 'scope', { configurable: true, get: () => { throw new Error('boom'); } });
      const original = console.error;
      console.error = () => undefined;
      try {
        const q = await redirectedError(await authorizeGet(t, { clientId: 'demo-confidential-app' }));
        assert.equal(q.get('error'), 'server_error');
        assert.equal(q.get('state'), 'state-123');
        assert.doesNotMatch(q.get('error_description')!, /boom/);
      } finally {
        console.error = original;
        Object.defineProperty(client, 'scope', { configurable: true, writable: true, value: scope });
      }
    });

    it('refuses a launch made for another client', async () => {
      const app = await launchFromEhr(t, { clientId: 'demo-confidential-app' });
      const q = await redirectedError(await authorizeGet(t, { launch: app.searchParams.get('launch')!, scope: 'launch patient/*.rs' }));
      assert.equal(q.get('error'), 'invalid_request');
      assert.match(q.get('error_description')!, /another client|for client/);
    });

    it('refuses an expired launch', async () => {
      const app = await launchFromEhr(t, {});
      t.sb.clock.advance(2 * 60 * 60 * 1000);
      try {
        const q = await redirectedError(await authorizeGet(t, { launch: app.searchParams.get('launch')!, scope: 'launch patient/*.rs' }));
        assert.equal(q.get('error'), 'invalid_request');
        assert.match(q.get('error_description')!, /expired/);
      } finally {
        t.sb.clock.advance(-2 * 60 * 60 * 1000);
      }
    });

    it('never issues a code for a wrong aud, even after the pages', async () => {
      const flow = await standaloneLaunch(t, { aud: 'https://other.example/fhir' });
      assert.equal(flow.code, undefined);
      assert.equal(flow.error, 'invalid_request');
      assert.deepEqual(flow.prompts, []);
    });

    it('emits auth.error with redirected: true', async () => {
      const seen: string[] = [];
      const stop = t.sb.events.on('auth.error', (e) => seen.push(`${e.error}:${e.redirected}`));
      await authorizeGet(t, { extra: { response_type: 'token' } });
      stop();
      assert.deepEqual(seen, ['unsupported_response_type:true']);
    });
  });

  describe('success', () => {
    it('accepts the FHIR base with a trailing slash as aud', async () => {
      const flow = await standaloneLaunch(t, { aud: `${t.fhirBase}/` });
      assert.ok(flow.code);
    });

    it('echoes state byte for byte, on success and on error', async () => {
      const state = 'a b+c/d?e=f&g%h~ü"<>';
      const ok = await standaloneLaunch(t, { state });
      assert.ok(ok.code);
      assert.equal(ok.state, state);
      const bad = await redirectedError(await authorizeGet(t, { state, extra: { response_type: 'token' } }));
      assert.equal(bad.get('state'), state);
    });

    it('works with POST as with GET, and returns a URL-safe code with 302', async () => {
      const res = await authorizePost(t, {});
      assert.equal(res.status, 303);
      const flow = await standaloneLaunch(t);
      assert.match(flow.code!, /^[A-Za-z0-9_-]{43}$/);
    });

    it('keeps the redirect_uri query as it was', async () => {
      const flow = await standaloneLaunch(t, { redirectUri: 'http://localhost:5173/callback?tenant=a%20b' });
      assert.equal(flow.location.searchParams.get('tenant'), 'a b');
      assert.ok(flow.location.href.startsWith('http://localhost:5173/callback?tenant=a%20b&code='));
    });

    it('lets requests without PKCE through when pkceRequired is false, still refusing plain', async () => {
      const lax = await startSandbox({ pkceRequired: false });
      try {
        const res = await authorizeGet(lax, { extra: { code_challenge: undefined, code_challenge_method: undefined } });
        assert.equal(res.status, 303);
        const q = await redirectedError(await authorizeGet(lax, { extra: { code_challenge_method: 'plain' } }));
        assert.equal(q.get('error'), 'invalid_request');
      } finally {
        await lax.close();
      }
    });

    it('behind a proxy (baseUrl set) accepts only the public FHIR base as aud', async () => {
      const proxied = await startSandbox({ baseUrl: 'https://ehr.example.test' });
      try {
        const res = await authorizeGet(proxied, { aud: 'https://ehr.example.test/fhir' });
        assert.equal(res.status, 303);
        assert.equal(new URL(res.headers.get('location')!).origin, 'https://ehr.example.test', 'on to the login page');
        const q = await redirectedError(await authorizeGet(proxied, { aud: `${proxied.url}/fhir` }));
        assert.equal(q.get('error'), 'invalid_request');
        assert.match(q.get('error_description')!, /expected https:\/\/ehr\.example\.test\/fhir/);
      } finally {
        await proxied.close();
      }
    });

    it('emits auth.authorize with the negotiation', async () => {
      const events: unknown[] = [];
      const stop = t.sb.events.on('auth.authorize', (e) => events.push(e));
      await authorizeGet(t, { clientId: 'some-unknown-app', scope: 'patient/*.rs system/*.rs' });
      stop();
      assert.equal(events.length, 1);
      const e = events[0] as { clientId: string; permissive: boolean; offered: string[]; rejected: { scope: string }[]; pkce: boolean };
      assert.equal(e.clientId, 'some-unknown-app');
      assert.equal(e.permissive, true);
      assert.deepEqual(e.offered, ['patient/*.rs']);
      assert.deepEqual(e.rejected.map((r) => r.scope), ['system/*.rs']);
      assert.equal(e.pkce, true);
    });
  });
});
