/**
 * Bounded memory: no request without credentials makes the server keep unbounded state. An
 * oversized authorize parameter starts no interaction; pending interactions are capped (the
 * oldest dropped); registration is capped in document size and in number of clients.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxEvent } from '../../src/index.js';
import { submit, TestBrowser } from '../helpers/browser.js';
import { authorizeUrl, LAUNCH_URL, REDIRECT_URI } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

/** GET without following redirects. */
const get = (url: string): Promise<Response> => fetch(url, { redirect: 'manual' });

function recordEvents(t: TestSandbox): { types: () => string[]; stop: () => void } {
  const seen: SandboxEvent[] = [];
  const stop = t.sb.events.on('*', (e) => seen.push(e));
  return { types: () => seen.map((e) => e.type), stop };
}

const registeredCount = (t: TestSandbox): number => t.sb.clients.list().filter((c) => c.origin === 'registered').length;

describe('bounded memory, default caps', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('refuses a 14 KB scope at the authorize endpoint and starts no interaction', async () => {
    const events = recordEvents(t);
    const scope = `patient/*.rs ${'x'.repeat(14 * 1024)}`;
    const res = await get(authorizeUrl(t, { scope }));
    events.stop();
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI, 'a loopback app gets the RFC 6749 error redirect');
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description')!, /longer than 4096 characters.*scope/);
    assert.ok(!location.href.includes('xxxxxxxxxx'), 'the value is not echoed');
    assert.ok(!events.types().includes('auth.authorize'), 'no interaction was started');
  });

  it('refuses an oversized client_id or redirect_uri on an error page, starting nothing', async () => {
    for (const req of [{ clientId: 'c'.repeat(5000) }, { redirectUri: `http://localhost:5173/${'r'.repeat(5000)}` }]) {
      const events = recordEvents(t);
      const res = await get(authorizeUrl(t, req));
      events.stop();
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /longer than 4096 characters/);
      assert.ok(!events.types().includes('auth.authorize'));
    }
  });

  it('refuses a registration document over 16 KiB and keeps no client', async () => {
    const before = registeredCount(t);
    const res = await fetch(`${t.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://localhost:9/cb'], token_endpoint_auth_method: 'none', client_name: 'n'.repeat(20 * 1024) }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_client_metadata');
    assert.match(body.error_description, /larger than 16384 bytes.*maxClientMetadataBytes/);
    assert.equal(registeredCount(t), before);
  });
});

describe('bounded memory, small caps', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ maxPendingAuthorizations: 3, maxClients: 2 });
  });
  after(() => t.close());

  it('keeps at most maxPendingAuthorizations pending interactions, dropping the oldest', async () => {
    const pages: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await get(authorizeUrl(t, { state: `s-${i}` }));
      assert.equal(res.status, 303);
      pages.push(new URL(res.headers.get('location')!, t.url).href);
    }
    const oldest = await get(pages[0]!);
    assert.equal(oldest.status, 404, 'the oldest pending interaction was dropped');
    assert.match(await oldest.text(), /unknown, finished or expired/);
    for (const page of pages.slice(1)) assert.equal((await get(page)).status, 200, page);
  });

  it('refuses registration past maxClients with invalid_client_metadata, adding nothing', async () => {
    const register = () =>
      fetch(`${t.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://localhost:9/cb'], token_endpoint_auth_method: 'none' }) });
    assert.equal((await register()).status, 201);
    assert.equal((await register()).status, 201);
    const refused = await register();
    assert.equal(refused.status, 400);
    const body = (await refused.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_client_metadata');
    assert.match(body.error_description, /already holds 2 registered clients.*maxClients/);
    assert.equal(registeredCount(t), 2);
    await t.sb.reset();
    assert.equal((await register()).status, 201, 'a reset frees the places');
  });
});

describe('bounded memory, browser sessions', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ maxSessions: 10 });
  });
  after(() => t.close());

  it('keeps at most maxSessions browser sessions, dropping the least recently used', async () => {
    const launch = (browser: TestBrowser, page: NonNullable<Awaited<ReturnType<TestBrowser['go']>>['page']>) =>
      submit(browser, page, [['user', 'Practitioner/prac-1'], ['patient', 'pat-1'], ['client_id', 'demo-public-app'], ['launch_url', LAUNCH_URL]]);
    const first = new TestBrowser(t.url);
    const firstPage = (await first.go(`${t.url}/`)).page!;
    for (let i = 0; i < 10; i++) assert.equal((await new TestBrowser(t.url).go(`${t.url}/`)).page?.status, 200);
    const dropped = await launch(first, firstPage);
    assert.equal(dropped.page?.status, 403, 'the oldest session is gone, and its form with it');
    const recent = new TestBrowser(t.url);
    const recentPage = (await recent.go(`${t.url}/`)).page!;
    const step = await launch(recent, recentPage);
    assert.ok(step.leftTo, `a recent session still works: ${step.page?.status} ${step.page?.html.match(/<ul>(.*?)<\/ul>/s)?.[1]}`);
  });
});
