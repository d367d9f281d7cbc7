import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { ConfigError, createManualClock, createSandbox, DataLoadError } from '../src/index.js';
import { patient } from './fhir/fixtures.js';

describe('createSandbox', () => {
  it('listens on port 0 and reports its URLs', async () => {
    const sb = await createSandbox({ patients: 2 });
    try {
      const url = await sb.listen(0);
      assert.match(url, /^http:\/\/localhost:\d+$/);
      assert.equal(sb.url, url);
      assert.equal(sb.fhirBaseUrl, `${url}/fhir`);
      const res = await fetch(`${sb.fhirBaseUrl}/metadata`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { resourceType: string }).resourceType, 'CapabilityStatement');
    } finally {
      await sb.close();
    }
    assert.throws(() => sb.url, /not listening/);
  });

  it('refuses a second listen() made while the first is under way, and close() then closes the one server', async () => {
    const sb = await createSandbox({ patients: 1 });
    const [first, second] = await Promise.allSettled([sb.listen(0, '127.0.0.1'), sb.listen(0, '127.0.0.1')]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(second.status, 'rejected');
    assert.match(String((second as PromiseRejectedResult).reason), /already listening/);
    const url = (first as PromiseFulfilledResult<string>).value;
    assert.equal((await fetch(`${url}/health`)).status, 200);
    await sb.close();
    await assert.rejects(fetch(`${url}/health`), 'nothing listens any more');
    // close() made while listen() is under way waits for it, and closes what it started.
    const listening = sb.listen(0, '127.0.0.1');
    const closed = sb.close();
    const again = await listening;
    await closed;
    await assert.rejects(fetch(`${again}/health`));
    const last = await sb.listen(0, '127.0.0.1');
    assert.equal((await fetch(`${last}/health`)).status, 200);
    await sb.close();
  });

  it('gives the same ids and bytes for the same seed, and two sandboxes share nothing', async () => {
    const a = await createSandbox({ seed: 7, patients: 3 });
    const b = await createSandbox({ seed: 7, patients: 3 });
    const ids = (sb: typeof a): string[] => [...sb.store.all('Patient')].map((p) => p.id);
    assert.ok(ids(a).length === 3);
    assert.deepEqual(ids(a), ids(b));
    assert.equal(JSON.stringify([...a.store.all('Patient')]), JSON.stringify([...b.store.all('Patient')]));
    a.store.create(patient('OnlyInA'));
    assert.equal(a.store.count('Patient'), 4);
    assert.equal(b.store.count('Patient'), 3);
    await Promise.all([a.close(), b.close()]);
  });

  it('reset() returns to the seeded state', async () => {
    const sb = await createSandbox({ patients: 2 });
    const before = JSON.stringify([...sb.store.all('Patient')]);
    const first = [...sb.store.all('Patient')][0]!;
    sb.store.create(patient('Added'));
    sb.store.delete('Patient', first.id);
    await sb.reset();
    assert.equal(JSON.stringify([...sb.store.all('Patient')]), before);
    assert.equal(sb.store.read('Patient', first.id).meta.versionId, '1');
  });

  it('stamps writes with the sandbox clock, which a test can move', async () => {
    const clock = createManualClock(new Date('2030-01-01T00:00:00Z'));
    const sb = await createSandbox({ patients: 0, clock });
    assert.equal(sb.store.create(patient('Clock')).meta.lastUpdated, '2030-01-01T00:00:00.000Z');
    sb.clock.advance(60_000);
    assert.equal(sb.store.create(patient('Later')).meta.lastUpdated, '2030-01-01T00:01:00.000Z');
  });

  it('reports every bad option at once', async () => {
    await assert.rejects(
      createSandbox({ patients: -1, seed: 1.5, baseUrl: 'ftp://x' } as never),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 3,
    );
  });

  it('builds every URL from the mount path when mounted under a sub-path', async () => {
    const sb = await createSandbox({ patients: 0, open: true });
    const id = sb.store.create(patient('Mounted')).id;
    const parent = express();
    parent.use('/ehr/sandbox', sb.app);
    const created = await request(parent)
      .post('/ehr/sandbox/fhir/Patient')
      .set('Content-Type', 'application/fhir+json')
      .send(patient('Mounted2'))
      .expect(201);
    assert.match(created.headers.location!, /^http:\/\/127\.0\.0\.1:\d+\/ehr\/sandbox\/fhir\/Patient\/[^/]+\/_history\/1$/);
    const search = await request(parent).get('/ehr/sandbox/fhir/Patient?_count=1').expect(200);
    const self = search.body.link.find((l: { relation: string }) => l.relation === 'self').url as string;
    assert.match(self, /^http:\/\/127\.0\.0\.1:\d+\/ehr\/sandbox\/fhir\/Patient\?/);
    const next = search.body.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    const page2 = await request(parent).get(new URL(next).pathname + new URL(next).search).expect(200);
    assert.equal(page2.body.entry.length, 1);
    assert.match(search.body.entry[0].fullUrl, /\/ehr\/sandbox\/fhir\/Patient\//);
    await request(parent).get(`/ehr/sandbox/fhir/Patient/${id}`).expect(200);
  });

  it('uses the baseUrl option for every URL it prints or returns', async () => {
    const sb = await createSandbox({ patients: 0, baseUrl: 'https://ehr.example.test/sandbox/', open: true });
    assert.equal(sb.fhirBaseUrl, 'https://ehr.example.test/sandbox/fhir');
    const res = await request(sb.app)
      .post('/fhir/Patient')
      .set('Content-Type', 'application/fhir+json')
      .send(patient('Proxied'))
      .expect(201);
    assert.match(res.headers.location!, /^https:\/\/ehr\.example\.test\/sandbox\/fhir\/Patient\//);
  });

  it('loads --data beside the synthetic data, and a bad file fails with its name and entry, loading nothing', async () => {
    const sb = await createSandbox({ patients: 1, data: 'test/fixtures/data/synthea' });
    assert.ok(sb.store.count('Patient') >= 2);
    await assert.rejects(
      createSandbox({ patients: 1, data: ['test/fixtures/data/synthea', 'test/fixtures/data/bad'] }),
      (error: unknown) => error instanceof DataLoadError && /bad[/\\]observations\.json, entry \d/.test(error.message),
    );
  });

  it('reports seeding progress to whoever asks', async () => {
    const seen: [number, number][] = [];
    await createSandbox({ patients: 3 }, { onSeedProgress: (done, total) => seen.push([done, total]) });
    assert.deepEqual(seen, [[1, 3], [2, 3], [3, 3]]);
  });
});
