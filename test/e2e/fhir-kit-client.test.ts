import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'fhir-kit-client';
import { createSandbox, type Sandbox } from '../../src/index.js';

type Bundle = { total: number; entry?: { resource: { id: string; resourceType: string } }[]; link: { relation: string; url: string }[] };

describe('a real FHIR client library against the sandbox', () => {
  let sb: Sandbox;
  let client: Client;
  before(async () => {
    sb = await createSandbox({ seed: 11, patients: 12, open: true });
    await sb.listen(0, '127.0.0.1');
    client = new Client({ baseUrl: sb.fhirBaseUrl });
  });
  after(() => sb.close());

  it('reads the CapabilityStatement and a patient', async () => {
    const cs = await client.capabilityStatement();
    assert.equal(cs.resourceType, 'CapabilityStatement');
    const id = [...sb.store.all('Patient')][0]!.id;
    const patient = await client.read({ resourceType: 'Patient', id });
    assert.equal(patient.id, id);
  });

  it('creates, updates and reads back a resource', async () => {
    const created = await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', name: [{ family: 'Kit', given: ['Client'] }], gender: 'male' },
    });
    const id = created.id as string;
    await client.update({ resourceType: 'Patient', id, body: { ...created, birthDate: '2001-02-03' } });
    const read = await client.read({ resourceType: 'Patient', id });
    assert.equal(read.birthDate, '2001-02-03');
    assert.equal((read.meta as { versionId: string }).versionId, '2');
  });

  it('searches and pages through every result with nextPage, each once, in a stable order', async () => {
    const expected = [...sb.store.all('Observation')].map((o) => o.id);
    assert.ok(expected.length > 30, `the seed has ${expected.length} observations`);
    let bundle = (await client.search({ resourceType: 'Observation', searchParams: { _count: 7 } })) as unknown as Bundle;
    assert.equal(bundle.total, expected.length);
    const seen: string[] = [];
    for (;;) {
      seen.push(...(bundle.entry ?? []).map((e) => e.resource.id));
      if (!bundle.link.some((l) => l.relation === 'next')) break;
      bundle = (await client.nextPage({ bundle } as never)) as unknown as Bundle;
    }
    assert.equal(seen.length, expected.length);
    assert.equal(new Set(seen).size, expected.length);
    assert.deepEqual([...seen].sort(), [...expected].sort());
  });

  it('searches by patient with the search parameters the spec defines', async () => {
    const patient = [...sb.store.all('Patient')][0]!;
    const bundle = (await client.search({
      resourceType: 'Observation',
      searchParams: { patient: patient.id, _count: 500 },
    })) as unknown as Bundle;
    assert.ok(bundle.total > 0);
    for (const entry of bundle.entry ?? []) {
      assert.equal((entry.resource as unknown as { subject: { reference: string } }).subject.reference, `Patient/${patient.id}`);
    }
  });
});
