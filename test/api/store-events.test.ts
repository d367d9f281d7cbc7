import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventOf, Sandbox } from '../../src/index.js';
import { fhirGet, listeningSandbox } from './helpers.js';

describe('store change events', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await listeningSandbox({ open: true });
  });
  after(() => sb.close());

  const collect = (): { events: EventOf<'store.change'>[]; stop: () => void } => {
    const events: EventOf<'store.change'>[] = [];
    const stop = sb.events.on('store.change', (e) => events.push(e));
    return { events, stop };
  };

  it('writes through sb.store emit store.change', () => {
    const { events, stop } = collect();
    const created = sb.store.create({ resourceType: 'Observation', status: 'final', code: { text: 'x' } });
    sb.store.update({ ...created, status: 'amended' });
    sb.store.delete('Observation', created.id);
    stop();
    assert.deepEqual(
      events.map((e) => [e.action, e.resourceType, e.id, e.versionId]),
      [
        ['create', 'Observation', created.id, '1'],
        ['update', 'Observation', created.id, '2'],
        ['delete', 'Observation', created.id, '3'],
      ],
    );
  });

  it('a rolled-back transaction emits nothing; a committed one emits after all its entries succeed', async () => {
    const { events, stop } = collect();
    const entry = (method: string, url: string, resource?: Record<string, unknown>) => ({ request: { method, url }, ...(resource ? { resource } : {}) });
    const post = (entries: unknown[]) =>
      fetch(`${sb.fhirBaseUrl}`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entries }) });
    const failed = await post([entry('POST', 'Observation', { resourceType: 'Observation', status: 'final', code: { text: 'a' } }), entry('DELETE', 'Patient/does-not-exist')]);
    assert.equal(failed.status, 404);
    assert.equal(events.length, 0, 'no event for a transaction that was rolled back');
    const ok = await post([entry('POST', 'Observation', { resourceType: 'Observation', status: 'final', code: { text: 'b' } })]);
    assert.equal(ok.status, 200);
    stop();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.action, 'create');
  });

  it('sb.store.search runs FHIR search parameters and load takes a Bundle with urn:uuid references', () => {
    sb.store.load({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:p-loaded', resource: { resourceType: 'Patient', name: [{ family: 'Loaded' }] } },
        { fullUrl: 'urn:uuid:o-loaded', resource: { resourceType: 'Observation', status: 'final', code: { text: 'loaded' }, subject: { reference: 'urn:uuid:p-loaded' } } },
      ],
    });
    const found = sb.store.search('Observation', { subject: 'Patient/p-loaded' });
    assert.deepEqual(found.map((r) => r.id), ['o-loaded']);
    assert.deepEqual(sb.store.search('Patient', 'family=Loaded').map((r) => r.id), ['p-loaded']);
  });

  it('events are an async iterator', async () => {
    const seen: string[] = [];
    const loop = (async () => {
      for await (const event of sb.events.stream('fhir.request')) {
        seen.push(event.path);
        if (seen.length === 2) break;
      }
    })();
    await fhirGet(sb, 'Patient/pat-1');
    await fhirGet(sb, 'Patient/pat-2');
    await loop;
    assert.deepEqual(seen, ['/fhir/Patient/pat-1', '/fhir/Patient/pat-2']);
  });
});
