/**
 * A digest of what the FHIR API serves for the default seed: every stored resource as JSON,
 * a set of search pages and a short version history written over HTTP. Used to prove that
 * changes to the store's in-memory representation change no byte of the output.
 *
 * Bundle ids are random per request (R4 bundle.html leaves them to the server), so they are
 * replaced before hashing; the clock is fixed, so every `lastUpdated` is stable.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import * as source from '../../src/index.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';

export const DIGEST_FILE = new URL('./output-digest.json', import.meta.url);
const BASE = 'http://ehr.test';
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

export interface OutputDigest {
  /** sha256 of every current resource, type by type in creation order, one JSON per line. */
  resources: string;
  resourceCount: number;
  /** sha256 of each response body, by request line. */
  responses: Record<string, string>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The body with a Bundle's own random id replaced. */
function normalized(text: string): string {
  return text.replace(/^\{"resourceType":"Bundle","id":"[0-9a-f-]{36}"/, '{"resourceType":"Bundle","id":"-"');
}

/** The digest of a sandbox made by `entry`: the sources, or the built package (`import 'mock-ehr'`). */
export async function computeOutputDigest(entry: Pick<typeof source, 'createSandbox' | 'createManualClock'> = source): Promise<OutputDigest> {
  const { createSandbox, createManualClock } = entry;
  const sb = await createSandbox({ open: true, baseUrl: BASE, clock: createManualClock(NOW), keyFile: TEST_KEY_FILE });
  const hash = createHash('sha256');
  let resourceCount = 0;
  for (const type of [...sb.store.types()].sort()) {
    for (const resource of sb.store.all(type)) {
      hash.update(`${JSON.stringify(resource)}\n`);
      resourceCount++;
    }
  }
  const agent = request(sb.app);
  const responses: Record<string, string> = {};
  const send = async (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<string> => {
    const key = `${method} ${path}`;
    const req = method === 'GET' ? agent.get(path) : method === 'DELETE' ? agent.delete(path) : agent.put(path);
    const res = await (body === undefined ? req : req.set('Content-Type', 'application/fhir+json').send(JSON.stringify(body)));
    if (res.status >= 300) throw new Error(`${key} answered ${res.status}: ${res.text}`);
    const text = normalized(res.text);
    responses[`${key}${key in responses ? ` #${Object.keys(responses).length}` : ''}`] = sha256(text);
    return text;
  };

  const patients = (JSON.parse(await send('GET', '/fhir/Patient?_count=200')) as { entry: { resource: { id: string } }[] }).entry.map(
    (e) => e.resource.id,
  );
  for (const type of [...sb.store.types()].sort()) {
    const first = sb.store.all(type)[Symbol.iterator]().next().value;
    if (first) await send('GET', `/fhir/${type}/${first.id}`);
  }
  for (const p of [patients[0], patients[1], patients[patients.length - 1]]) {
    await send('GET', `/fhir/Observation?patient=${p}&_count=50`);
    await send('GET', `/fhir/Observation?patient=${p}&category=laboratory&_sort=-date&_count=20`);
    await send('GET', `/fhir/Encounter?patient=${p}`);
    await send('GET', `/fhir/Condition?patient=${p}&_count=100`);
    await send('GET', `/fhir/MedicationRequest?patient=${p}`);
    await send('GET', `/fhir/Patient?_id=${p}&_revinclude=Observation:subject&_count=500`);
    await send('GET', `/fhir/Patient/${p}/_history`);
  }
  await send('GET', '/fhir/Patient?_count=10&_sort=birthdate');
  await send('GET', '/fhir/Observation?_count=100&_offset=300');
  await send('GET', '/fhir/Observation?code=http://loinc.org|8867-4&_count=100');
  await send('GET', '/fhir/Practitioner?_count=100');

  // A version history written through the API: create by update, update, delete.
  const patient = { resourceType: 'Patient', id: 'digest-1', meta: { profile: ['http://example.org/p'] }, active: true };
  await send('PUT', '/fhir/Patient/digest-1', patient);
  sb.clock.advance(1000);
  await send('PUT', '/fhir/Patient/digest-1', { ...patient, active: false });
  sb.clock.advance(1000);
  await send('DELETE', '/fhir/Patient/digest-1');
  await send('GET', '/fhir/Patient/digest-1/_history');
  await send('GET', '/fhir/Patient/digest-1/_history/2');
  await send('GET', '/fhir/Patient/_history?_count=5');
  return { resources: hash.digest('hex'), resourceCount, responses };
}
