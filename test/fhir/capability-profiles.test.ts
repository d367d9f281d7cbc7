/**
 * CapabilityStatement.rest.resource.supportedProfile (R4 capabilitystatement.html): the US
 * Core profiles the served data claims in meta.profile, type by type, as US Core clients
 * (Inferno) read them; a profile no resource claims, or one the server does not know, is
 * not listed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
type Entry = { type: string; supportedProfile?: string[] };

describe('the CapabilityStatement lists the US Core profiles the data claims', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 2, open: true });
  });
  after(() => sb.close());

  const statement = async (): Promise<Entry[]> =>
    ((await request(sb.app).get('/fhir/metadata').expect(200)).body as { rest: { resource: Entry[] }[] }).rest[0]!.resource;

  it('lists, for each type, exactly the US Core profiles its resources claim', async () => {
    const resources = await statement();
    const patient = resources.find((r) => r.type === 'Patient')!;
    assert.deepEqual(patient.supportedProfile, [`${US_CORE}us-core-patient`]);
    for (const entry of resources) {
      const claimed = new Set<string>();
      for (const r of sb.store.all(entry.type)) for (const p of (r.meta?.profile as string[] | undefined) ?? []) if (p.startsWith(US_CORE)) claimed.add(p);
      assert.deepEqual(entry.supportedProfile ?? [], [...claimed].sort(), entry.type);
    }
    const observation = resources.find((r) => r.type === 'Observation')!;
    assert.ok(observation.supportedProfile!.length > 1, 'the seeded Observations claim several profiles');
  });

  it('follows the data, and lists no profile it does not know', async () => {
    await request(sb.app)
      .post('/fhir/Device')
      .set('Content-Type', 'application/fhir+json')
      .send({ resourceType: 'Device', meta: { profile: ['http://example.org/StructureDefinition/mine', `${US_CORE}us-core-implantable-device`] } })
      .expect(201);
    const device = (await statement()).find((r) => r.type === 'Device')!;
    assert.deepEqual(device.supportedProfile, [`${US_CORE}us-core-implantable-device`]);
  });
});
