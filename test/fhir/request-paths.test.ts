/**
 * A FHIR request is answered the same whichever way Express reaches the FHIR API: the plain
 * `/fhir/...` path (handed to it directly), the base in another case (Express matches mount
 * paths case-insensitively), or the sandbox mounted under a sub-path of another app. The host
 * check still comes first, and discovery under the base still belongs to discovery.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import net from 'node:net';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';

/** A searchset's own id and time differ from one answer to the next; all else must not. */
const stable = (text: string): string => text.replace(/^\{"resourceType":"Bundle","id":"[^"]+","meta":\{"lastUpdated":"[^"]+"\}/, '{"resourceType":"Bundle"');

const comparable = (res: request.Response): unknown => {
  const { date: _date, 'content-length': _length, ...headers } = res.headers as Record<string, string>;
  return { status: res.status, headers, body: stable(res.text) };
};

describe('FHIR request paths', () => {
  let sb: Sandbox;
  let patient: string;
  before(async () => {
    sb = await createSandbox({ patients: 2, open: true, keyFile: TEST_KEY_FILE });
    patient = sb.store.search('Patient')[0]!.id!;
  });
  after(() => sb.close());

  it('answers /fhir/... and /FHIR/... alike, reads, searches, errors and preflights', async () => {
    for (const [method, path] of [
      ['GET', `/Patient/${patient}`],
      ['GET', `/Patient?_id=${patient}&_format=json`],
      ['GET', '/Patient/nobody'],
      ['GET', '/NoSuchType/1'],
      ['OPTIONS', '/Patient'],
    ] as const) {
      const plain = await request(sb.app)[method === 'GET' ? 'get' : 'options'](`/fhir${path}`).set('host', 'localhost');
      const upper = await request(sb.app)[method === 'GET' ? 'get' : 'options'](`/FHIR${path}`).set('host', 'localhost');
      assert.deepEqual(comparable(upper), comparable(plain), `${method} ${path}`);
    }
    const malformed = await request(sb.app).get('/fhir/Patient/%E0%A4%A').set('host', 'localhost');
    assert.equal(malformed.status, 400);
    assert.equal((malformed.body as { resourceType?: string }).resourceType, 'OperationOutcome');
  });

  it('answers a URL Express parses the slow way (a # in its query) as Express routes it, in any case of the base', async () => {
    const url = await sb.listen(0, '127.0.0.1');
    const port = Number(new URL(url).port);
    // Raw, as sent: HTTP clients rewrite a backslash before sending it.
    const send = (target: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`));
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
        socket.on('error', reject);
        socket.on('close', () => resolve(data.slice(0, data.indexOf('\r\n'))));
      });
    for (const path of [`/Patient\\${patient}?a=b#c`, `/Patient/${patient}\\?a=#`, `/Patient/${patient}?a=b#c`]) {
      assert.equal(await send(`/fhir${path}`), await send(`/FHIR${path}`), path);
    }
  });

  it('answers the same when mounted under a sub-path, with URLs under it', async () => {
    const outer = express();
    outer.use('/sandbox', sb.app);
    const inner = await request(sb.app).get(`/fhir/Patient?_id=${patient}`).set('host', 'localhost');
    const mounted = await request(outer).get(`/sandbox/fhir/Patient?_id=${patient}`).set('host', 'localhost');
    assert.equal(mounted.status, 200);
    assert.equal(stable(mounted.text), stable(inner.text).replaceAll('http://localhost/fhir', 'http://localhost/sandbox/fhir'));
  });

  it('builds the URLs of each answer from its own Host header and mount path', async () => {
    const outer = express();
    outer.use('/sandbox', sb.app);
    for (const [app, prefix, host] of [
      [sb.app, '', 'localhost'],
      [sb.app, '', '127.0.0.1:8080'],
      [outer, '/sandbox', '127.0.0.1:8080'],
      [sb.app, '', 'localhost'],
    ] as const) {
      const res = await request(app).get(`${prefix}/fhir/Patient?_id=${patient}`).set('host', host);
      assert.equal((res.body as { entry: { fullUrl: string }[] }).entry[0]!.fullUrl, `http://${host}${prefix}/fhir/Patient/${patient}`);
    }
  });

  it('refuses a host it does not serve before the FHIR API, and leaves discovery to discovery', async () => {
    const refused = await request(sb.app).get(`/fhir/Patient/${patient}`).set('host', 'rebound.example');
    assert.equal(refused.status, 421);
    const discovery = await request(sb.app).get('/fhir/.well-known/smart-configuration').set('host', 'localhost');
    assert.equal(discovery.status, 200);
    assert.ok((discovery.body as { token_endpoint?: string }).token_endpoint);
  });
});
