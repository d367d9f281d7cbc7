/**
 * The bare Express baseline: fetches the bytes a sandbox URL returns once, then serves
 * exactly those bytes from a plain handler. Prints its URL on the first line.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';

const [source] = process.argv.slice(2);
if (!source) throw new Error('usage: baseline-server <sandbox URL to copy>');
const res = await fetch(source, { headers: JSON.parse(process.env.BASELINE_HEADERS ?? '{}') as Record<string, string> });
const body = Buffer.from(await res.arrayBuffer());
const type = res.headers.get('content-type') ?? 'application/json';
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/{*any}', (_req, reply) => {
  reply.setHeader('Content-Type', type);
  reply.send(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
