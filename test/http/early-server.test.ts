/** The command's early listen: requests wait for the data, boundedly. */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express, { type Request, type Response } from 'express';
import { listenEarly } from '../../src/http/early-server.js';

function get(port: number, path: string): { done: Promise<{ status: number; headers: Record<string, unknown>; body: string }>; abort: () => void } {
  const req = httpRequest({ host: '127.0.0.1', port, path, agent: false });
  const done = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
  req.end();
  return { done, abort: () => req.destroy() };
}

const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe('early listen while the data loads', { timeout: 10_000 }, () => {
  it('holds requests up to the limit and answers them in order once served; past the limit a 503 with Retry-After, an OperationOutcome under /fhir', async () => {
    const early = await listenEarly(0, '127.0.0.1', { heldLimit: 2 });
    const port = (early.server.address() as AddressInfo).port;
    try {
      const first = get(port, '/fhir/Patient/1');
      const second = get(port, '/fhir/metadata');
      await settle();
      const fhirOver = await get(port, '/fhir/Patient?name=x').done;
      assert.equal(fhirOver.status, 503);
      assert.equal(fhirOver.headers['retry-after'], '1');
      assert.match(String(fhirOver.headers['content-type']), /^application\/fhir\+json/);
      const oo = JSON.parse(fhirOver.body) as { resourceType: string; issue: { code: string; diagnostics: string }[] };
      assert.equal(oo.resourceType, 'OperationOutcome');
      assert.equal(oo.issue[0]!.code, 'transient');
      const pageOver = await get(port, '/launcher').done;
      assert.equal(pageOver.status, 503);
      assert.match(String(pageOver.headers['content-type']), /^text\/plain/);
      const order: string[] = [];
      early.serve((req, res) => {
        order.push(req.url!);
        res.end(`served ${req.url}`);
      });
      assert.equal((await first.done).body, 'served /fhir/Patient/1');
      assert.equal((await second.done).body, 'served /fhir/metadata');
      assert.deepEqual(order, ['/fhir/Patient/1', '/fhir/metadata']);
      // Once served, nothing is refused.
      assert.equal((await get(port, '/fhir/Patient?name=x').done).status, 200);
    } finally {
      early.server.closeAllConnections();
      await new Promise((r) => early.server.close(r));
    }
  });

  it('lets go of a request whose client went away: it neither counts against the limit nor reaches the app', async () => {
    const early = await listenEarly(0, '127.0.0.1', { heldLimit: 1 });
    const port = (early.server.address() as AddressInfo).port;
    try {
      const gone = get(port, '/fhir/gone');
      gone.done.catch(() => undefined);
      await settle();
      gone.abort();
      await settle();
      const waiting = get(port, '/fhir/waiting');
      await settle();
      const seen: string[] = [];
      early.serve((req, res) => {
        seen.push(req.url!);
        res.end('ok');
      });
      assert.equal((await waiting.done).status, 200);
      assert.deepEqual(seen, ['/fhir/waiting']);
    } finally {
      early.server.closeAllConnections();
      await new Promise((r) => early.server.close(r));
    }
  });

  it("gives every request, held ones included, the request and response of the Express app it serves", async () => {
    const early = await listenEarly(0, '127.0.0.1');
    const port = (early.server.address() as AddressInfo).port;
    try {
      const held = get(port, '/held');
      await settle();
      const app = express();
      early.classes.adopt(app);
      // Express's own methods, used without Express routing the request (each linked to the other, as Express links them).
      early.serve((incoming, outgoing) => {
        const req = incoming as Request;
        const res = outgoing as Response;
        req.res = res;
        res.req = req;
        res.status(201).json({ path: req.path, app: req.app === app });
      });
      for (const answer of [await held.done, await get(port, '/later?x=1').done]) {
        assert.equal(answer.status, 201);
        assert.match(String(answer.headers['content-type']), /^application\/json/);
      }
      assert.deepEqual(JSON.parse((await get(port, '/later?x=1').done).body), { path: '/later', app: true });
    } finally {
      early.server.closeAllConnections();
      await new Promise((r) => early.server.close(r));
    }
  });
});
