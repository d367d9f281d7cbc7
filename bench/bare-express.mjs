/**
 * The start-up baseline: a bare Express app that listens on a free loopback port, prints its
 * URL on the first line and answers one route. Plain JavaScript, so nothing but node and
 * express is loaded (the time a sandbox's start-up is compared with).
 */
import express from 'express';
import process from 'node:process';

const app = express();
app.get('/fhir/metadata', (_req, reply) => {
  reply.json({ resourceType: 'CapabilityStatement' });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}/fhir\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
