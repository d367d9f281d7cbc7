/**
 * Only our own hosts (a DNS-rebinding defence, as development servers have): a request whose
 * Host is not one the sandbox serves gets 421 before any page, interaction or token exists,
 * and never becomes the issuer. Loopback names, IP literals, the baseUrl host, the listen
 * host and the allowedHosts option are served; sb.app mounted in another app keeps working.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import supertest from 'supertest';
import { createSandbox } from '../../src/index.js';
import { authorizeUrl } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

interface Reply {
  status: number;
  body: string;
}

/** A request to the loopback sandbox with the given Host header (fetch may not set Host). */
function withHost(t: TestSandbox, path: string, host: string, init: { method?: string; body?: string; type?: string } = {}): Promise<Reply> {
  const url = new URL(path, t.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: { host, ...(init.type ? { 'content-type': init.type } : {}) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('only our own hosts', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ allowedHosts: ['ehr.example.test', '.apps.example.test'] });
  });
  after(() => t.close());

  const port = (): string => new URL(t.url).port;

  it('refuses a rebinding host at the authorize endpoint with 421, and starts no interaction', async () => {
    const interactions = t.sb.events;
    const seen: string[] = [];
    const stop = interactions.on('*', (e) => seen.push(e.type));
    const path = new URL(authorizeUrl(t)).pathname + new URL(authorizeUrl(t)).search;
    const reply = await withHost(t, path, `rebind.attacker.example:${port()}`);
    stop();
    assert.equal(reply.status, 421);
    assert.match(reply.body, /does not serve the host 'rebind\.attacker\.example'.*--allowed-hosts/);
    assert.deepEqual(seen, [], 'no authorize, no page, no event');
  });

  it('refuses it at discovery, the token endpoint, the FHIR API and the launcher too', async () => {
    const host = `rebind.attacker.example:${port()}`;
    for (const [path, init] of [
      ['/fhir/.well-known/smart-configuration', {}],
      ['/.well-known/openid-configuration', {}],
      ['/auth/token', { method: 'POST', type: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials' }],
      ['/fhir/metadata', {}],
      ['/', {}],
    ] as const) {
      const reply = await withHost(t, path, host, init);
      assert.equal(reply.status, 421, path);
      assert.doesNotMatch(reply.body, /issuer|access_token|<form/, path);
    }
  });

  it('a look-alike of an allowed name is refused', async () => {
    for (const host of ['localhost.attacker.example', 'ehr.example.test.attacker.example', 'apps.example.test.evil', 'xapps.example.test']) {
      assert.equal((await withHost(t, '/fhir/.well-known/smart-configuration', host)).status, 421, host);
    }
  });

  it('serves loopback names, IP literals, allowed hosts and their subdomains, with or without port', async () => {
    for (const host of [`localhost:${port()}`, 'localhost', `127.0.0.1:${port()}`, `[::1]:${port()}`, 'app.localhost', '192.168.1.20:4013', 'EHR.example.test', 'ehr.example.test:443', 'one.apps.example.test', 'apps.example.test']) {
      const reply = await withHost(t, '/fhir/.well-known/smart-configuration', host);
      assert.equal(reply.status, 200, host);
    }
    const issuer = (JSON.parse((await withHost(t, '/fhir/.well-known/smart-configuration', 'ehr.example.test:8443')).body) as { issuer: string }).issuer;
    assert.equal(issuer, `http://ehr.example.test:8443`);
  });

  it('serves the host of baseUrl, and any host with allowedHosts: all', async () => {
    const proxied = await startSandbox({ baseUrl: 'https://sandbox.example.test/ehr' });
    try {
      assert.equal((await withHost(proxied, '/fhir/metadata', 'sandbox.example.test')).status, 200);
      assert.equal((await withHost(proxied, '/fhir/metadata', 'other.example.test')).status, 421);
    } finally {
      await proxied.close();
    }
    const open = await startSandbox({ allowedHosts: 'all' });
    try {
      assert.equal((await withHost(open, '/fhir/metadata', 'anything.example.test')).status, 200);
    } finally {
      await open.close();
    }
  });

  it('keeps sb.app working when mounted in another app under supertest', async () => {
    const sb = await createSandbox({ patients: 0 });
    const parent = express();
    parent.use('/ehr', sb.app);
    const res = await supertest(parent).get('/ehr/fhir/.well-known/smart-configuration');
    assert.equal(res.status, 200);
    assert.match((res.body as { issuer: string }).issuer, /^http:\/\/127\.0\.0\.1:\d+\/ehr$/);
  });
});
