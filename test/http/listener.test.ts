/**
 * A listening sandbox answers a plain FHIR request (`/fhir/...`) without Express routing it,
 * and every other request through its Express app. Both must answer byte for byte alike:
 * compared here, over real connections kept alive, with the same request sent to `/fhir/...`
 * and to `/FHIR/...` (which Express routes: it matches mount paths case-insensitively). The
 * status, every header but `Date` in its order and case, the body and the events must match.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createSandbox, type Sandbox, type SandboxEvent } from '../../src/index.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';

interface Answer {
  status: number;
  /** The header lines as written, `Date` left out. */
  head: string[];
  body: string;
}

interface Sent {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One connection, kept alive: each request is written once the answer before it has been read. */
class Connection {
  private readonly socket: net.Socket;
  private data = Buffer.alloc(0);
  private waiting?: () => void;
  closed = false;

  /** `host`: the `Host` header sent unless a request names its own. */
  constructor(
    port: number,
    private readonly host = 'localhost',
  ) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk]);
      this.waiting?.();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  async send({ method, target, headers = {}, body }: Sent): Promise<Answer> {
    const lines = [`${method} ${target} HTTP/1.1`];
    for (const [name, value] of Object.entries({ Host: this.host, ...headers })) lines.push(`${name}: ${value}`);
    if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
    for (;;) {
      const answer = this.take(method);
      if (answer) return answer;
      if (this.closed) throw new Error(`the connection closed before the answer to ${method} ${target}`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** The next whole answer in what was read, if it is all there. */
  private take(method: string): Answer | undefined {
    const end = this.data.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...head] = this.data.subarray(0, end).toString('latin1').split('\r\n');
    const length = head.find((line) => /^content-length:/i.test(line));
    const status = Number(statusLine!.split(' ')[1]);
    const size = method === 'HEAD' || status === 204 || status === 304 || !length ? 0 : Number(length.split(':')[1]);
    if (this.data.length < end + 4 + size) return undefined;
    const body = this.data.subarray(end + 4, end + 4 + size).toString('utf8');
    this.data = this.data.subarray(end + 4 + size);
    return { status, head: head.filter((line) => !/^date:/i.test(line)), body };
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A searchset's own id and time differ from one answer to the next; all else must not. */
const stable = (text: string): string => text.replace(/^\{"resourceType":"Bundle","id":"[^"]+","meta":\{"lastUpdated":"[^"]+"\}/, '{"resourceType":"Bundle"');

/** The events of a request as a user sees them, but for what differs by the case of the base in the URL. */
const comparableEvents = (events: SandboxEvent[]): unknown[] =>
  events.map((event) => {
    const { seq: _seq, time: _time, ...rest } = event as SandboxEvent & { seq: number; time: string; path?: string };
    return 'path' in rest && typeof rest.path === 'string' ? { ...rest, path: rest.path.replace(/^\/FHIR/, '/fhir') } : rest;
  });

/** Sends `sent` to `/fhir...` and to `/FHIR...` on one kept-alive connection; both answers and their events. */
async function both(sb: Sandbox, connection: Connection, sent: Sent): Promise<[Answer, Answer, unknown[], unknown[]]> {
  const seen: SandboxEvent[] = [];
  const stop = sb.events.on('*', (event) => seen.push(event));
  try {
    const plain = await connection.send({ ...sent, target: `/fhir${sent.target}` });
    const plainEvents = seen.splice(0);
    const routed = await connection.send({ ...sent, target: `/FHIR${sent.target}` });
    return [plain, routed, comparableEvents(plainEvents), comparableEvents(seen)];
  } finally {
    stop();
  }
}

function assertAlike([plain, routed, plainEvents, routedEvents]: [Answer, Answer, unknown[], unknown[]], what: string): void {
  assert.equal(routed.status, plain.status, `${what}: status`);
  assert.deepEqual(routed.head, plain.head, `${what}: headers`);
  assert.equal(stable(routed.body), stable(plain.body), `${what}: body`);
  assert.deepEqual(routedEvents, plainEvents, `${what}: events`);
  assert.ok(!/\bat .+\(.*:\d+:\d+\)/.test(plain.body), `${what}: no stack trace`);
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const JSON_BODY = { 'Content-Type': 'application/fhir+json' };

describe('the listening sandbox: plain FHIR requests and Express-routed ones answer alike', () => {
  let sb: Sandbox;
  let patient: string;
  let port: number;
  let connection: Connection;
  before(async () => {
    sb = await createSandbox({ patients: 2, open: true, keyFile: TEST_KEY_FILE });
    patient = sb.store.search('Patient')[0]!.id!;
    port = Number(new URL(await sb.listen(0, '127.0.0.1')).port);
    connection = new Connection(port);
  });
  after(async () => {
    connection.close();
    await sb.close();
  });

  it('reads, searches, conditional reads, HEAD, preflights and every kind of refusal', async () => {
    const kinds: Sent[] = [
      { method: 'GET', target: `/Patient/${patient}` },
      { method: 'GET', target: `/Patient/${patient}?_format=json` },
      { method: 'GET', target: `/Patient/${patient}?_pretty=true` },
      { method: 'GET', target: `/Patient/${patient}/_history/1` },
      { method: 'GET', target: `/Patient?_id=${patient}` },
      { method: 'GET', target: `/Patient/${patient}`, headers: { Accept: 'application/fhir+xml' } },
      { method: 'GET', target: `/Patient/${patient}`, headers: { 'If-None-Match': 'W/"1"' } },
      { method: 'GET', target: `/Patient/${patient}`, headers: { 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' } },
      { method: 'GET', target: `/Patient/${patient}`, headers: { 'If-None-Match': 'W/"9"' } },
      { method: 'HEAD', target: `/Patient/${patient}` },
      { method: 'OPTIONS', target: '/Patient', headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'Authorization' } },
      { method: 'GET', target: '/Patient/nobody' },
      { method: 'GET', target: '/NoSuchType/1' },
      { method: 'DELETE', target: '/NoSuchType/1' },
      { method: 'GET', target: '/Patient/%E0%A4%A' },
      { method: 'GET', target: '/Patient/%zz?name=%zz' },
      { method: 'POST', target: '/Patient/_search', headers: FORM, body: `_id=${patient}` },
      { method: 'POST', target: '/Patient', headers: JSON_BODY, body: '{"resourceType": ' },
      { method: 'PUT', target: `/Patient/${patient}`, headers: { ...JSON_BODY, 'If-Match': 'W/"7"' }, body: JSON.stringify({ resourceType: 'Patient', id: patient }) },
      { method: 'PATCH', target: `/Patient/${patient}`, headers: { 'Content-Type': 'text/plain' }, body: 'x' },
      { method: 'GET', target: '/metadata' },
    ];
    for (const sent of kinds) assertAlike(await both(sb, connection, sent), `${sent.method} ${sent.target} ${JSON.stringify(sent.headers ?? {})}`);
    // Nothing was changed by any of them.
    assert.equal(sb.store.read('Patient', patient)?.meta?.versionId, '1');
  });

  it('keeps one connection alive across plain FHIR requests, routed ones and the rest of the app', async () => {
    const own = new Connection(port);
    try {
      for (const target of [`/fhir/Patient/${patient}`, '/health', `/FHIR/Patient/${patient}`, '/fhir/.well-known/smart-configuration', `/fhir/Patient/${patient}`, '/nowhere']) {
        const answer = await own.send({ method: 'GET', target });
        assert.equal(answer.status, target === '/nowhere' ? 404 : 200, target);
      }
      assert.equal(own.closed, false);
    } finally {
      own.close();
    }
  });

  it('refuses a host it does not serve the same way, before the FHIR API', async () => {
    const seen: SandboxEvent[] = [];
    const stop = sb.events.on('*', (event) => seen.push(event));
    try {
      const answers = [];
      for (const base of ['/fhir', '/FHIR']) {
        const answer = await connection.send({ method: 'GET', target: `${base}/Patient/${patient}`, headers: { Host: 'rebound.example' } });
        answers.push(answer);
      }
      assert.equal(answers[0]!.status, 421);
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(seen, []);
    } finally {
      stop();
    }
  });

  it('answers the same as the sandbox app mounted under a sub-path of another app, but for the URLs under it', async () => {
    const outer = express();
    outer.use('/sandbox', sb.app);
    const server: Server = await new Promise((resolve) => {
      const s = outer.listen(0, '127.0.0.1', () => resolve(s));
    });
    const mounted = new Connection((server.address() as net.AddressInfo).port);
    try {
      for (const target of [`/Patient/${patient}`, `/Patient?_id=${patient}`, '/Patient/nobody', '/Patient/%zz']) {
        const direct = await connection.send({ method: 'GET', target: `/fhir${target}` });
        const viaOuter = await mounted.send({ method: 'GET', target: `/sandbox/fhir${target}` });
        assert.equal(viaOuter.status, direct.status, target);
        // The outer app is another Express app: it adds its own `X-Powered-By`. Longer URLs, a longer body.
        const head = (answer: Answer): string[] => answer.head.filter((line) => !/^(x-powered-by|content-length):/i.test(line));
        assert.deepEqual(head(viaOuter), head(direct), target);
        assert.equal(stable(viaOuter.body), stable(direct.body).replaceAll('http://localhost/fhir', 'http://localhost/sandbox/fhir'), target);
      }
    } finally {
      mounted.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the listening sandbox with tokens: plain and routed FHIR requests answer alike', () => {
  let sb: Sandbox;
  let patient: string;
  let connection: Connection;
  let failing = false;
  before(async () => {
    sb = await createSandbox({
      patients: 2,
      keyFile: TEST_KEY_FILE,
      clock: {
        now: () => {
          if (failing) throw new Error('the clock failed');
          return Date.now();
        },
      },
    });
    patient = sb.store.search('Patient')[0]!.id!;
    // The host tokens are issued for (their audience is the FHIR base URL).
    const host = new URL(await sb.listen(0, '127.0.0.1')).host;
    connection = new Connection(Number(host.split(':')[1]), host);
  });
  after(async () => {
    connection.close();
    await sb.close();
  });

  it('with a token, without one, with a bad one', async () => {
    const token = (await sb.issueToken({ patient, scope: 'patient/*.rs' })).access_token;
    const kinds: Record<string, string>[] = [{ Authorization: `Bearer ${token}` }, {}, { Authorization: 'Bearer nope' }, { Authorization: `Bearer ${token}`, Accept: 'application/fhir+xml' }];
    const statuses: number[] = [];
    for (const headers of kinds) {
      for (const target of [`/Patient/${patient}`, '/Patient/nobody', '/NoSuchType/1', '/metadata']) {
        const answers = await both(sb, connection, { method: 'GET', target, headers });
        assertAlike(answers, `${target} ${JSON.stringify(headers)}`);
        statuses.push(answers[0].status);
      }
    }
    assert.deepEqual(statuses, [200, 404, 404, 200, 401, 401, 401, 200, 401, 401, 401, 200, 406, 406, 406, 406]);
  });

  it('a handler that throws: an OperationOutcome (500) before the answer, the answer kept after it; the connection stays usable', async (t) => {
    const token = (await sb.issueToken({ patient, scope: 'patient/*.rs' })).access_token;
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => logged.push(args));
    failing = true;
    try {
      // The token check reads the clock: the request fails before anything is written.
      const before = await both(sb, connection, { method: 'GET', target: `/Patient/${patient}`, headers: { Authorization: `Bearer ${token}` } });
      assertAlike(before, 'failing before the answer');
      assert.equal(before[0].status, 500);
      assert.equal((JSON.parse(before[0].body) as { resourceType: string }).resourceType, 'OperationOutcome');
      // The CapabilityStatement needs no token: the clock fails only as its event is emitted, once the answer is written.
      const afterAnswer = await both(sb, connection, { method: 'GET', target: '/metadata' });
      assert.equal(afterAnswer[0].status, 200);
      assert.equal(afterAnswer[1].body, afterAnswer[0].body);
      assert.deepEqual(afterAnswer[1].head, afterAnswer[0].head);
    } finally {
      failing = false;
    }
    // Both ways logged the same errors, each time.
    const messages = logged.map((args) => String(args[0]));
    assert.equal(messages.length % 2, 0);
    assert.deepEqual(messages.slice(messages.length / 2), messages.slice(0, messages.length / 2));
    assert.equal((await connection.send({ method: 'GET', target: `/fhir/Patient/${patient}`, headers: { Authorization: `Bearer ${token}` } })).status, 200);
  });

  it('an app that turns X-Powered-By back on gets it on plain FHIR requests too, as Express gives it', async () => {
    sb.app.enable('x-powered-by');
    try {
      const [plain, routed] = await both(sb, connection, { method: 'GET', target: '/metadata' });
      assert.ok(plain.head.includes('X-Powered-By: Express'), plain.head.join('\n'));
      assert.deepEqual(routed, plain);
    } finally {
      sb.app.disable('x-powered-by');
    }
  });

  it('when the app error handler fails as well, a plain FHIR request still gets a bare 500 and the process goes on', async (t) => {
    const token = (await sb.issueToken({ patient, scope: 'patient/*.rs' })).access_token;
    t.mock.method(console, 'error', () => {
      throw new Error('the log failed');
    });
    failing = true;
    try {
      const plain = await connection.send({ method: 'GET', target: `/fhir/Patient/${patient}`, headers: { Authorization: `Bearer ${token}` } });
      assert.equal(plain.status, 500);
      assert.equal(plain.body, 'The server could not complete the request.');
    } finally {
      failing = false;
    }
    t.mock.restoreAll();
    assert.equal((await connection.send({ method: 'GET', target: `/fhir/Patient/${patient}`, headers: { Authorization: `Bearer ${token}` } })).status, 200);
  });

  it('an error while reporting an error reaches the app error handler: 500 in plain text, nothing more', async (t) => {
    const token = (await sb.issueToken({ patient, scope: 'patient/*.rs' })).access_token;
    // The FHIR API logs a server error before writing its OperationOutcome: failing there, it cannot answer itself.
    t.mock.method(console, 'error', (...args: unknown[]) => {
      if (String(args[0]).includes('in the FHIR API')) throw new Error('the log failed');
    });
    failing = true;
    try {
      const [plain, routed] = await both(sb, connection, { method: 'GET', target: `/Patient/${patient}`, headers: { Authorization: `Bearer ${token}` } });
      assert.equal(plain.status, 500);
      assert.equal(plain.body, 'The server could not complete the request.');
      assert.ok(plain.head.includes('Content-Type: text/plain; charset=utf-8'), plain.head.join('\n'));
      assert.deepEqual(routed, plain);
    } finally {
      failing = false;
    }
  });
});
