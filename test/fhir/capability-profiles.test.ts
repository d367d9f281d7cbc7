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

  /** Every type's supportedProfile is what its stored resources claim now. */
  const assertListsTheData = async (): Promise<Entry[]> => {
    const resources = await statement();
    for (const entry of resources) {
      const claimed = new Set<string>();
      for (const r of sb.store.all(entry.type)) for (const p of (r.meta?.profile as string[] | undefined) ?? []) if (p.startsWith(US_CORE)) claimed.add(p);
      assert.deepEqual(entry.supportedProfile ?? [], [...claimed].sort(), entry.type);
    }
    return resources;
  };

  it('lists, for each type, exactly the US Core profiles its resources claim', async () => {
    const resources = await assertListsTheData();
    const patient = resources.find((r) => r.type === 'Patient')!;
    assert.deepEqual(patient.supportedProfile, [`${US_CORE}us-core-patient`]);
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

  // The lists are kept between requests until the data changes: each kind of change shows at once.
  it('follows updates, deletes, loads and a reset', async () => {
    const profilesOf = async (type: string): Promise<string[] | undefined> => (await statement()).find((r) => r.type === type)!.supportedProfile;
    const created = await request(sb.app)
      .post('/fhir/Media')
      .set('Content-Type', 'application/fhir+json')
      .send({ resourceType: 'Media', status: 'completed', content: { contentType: 'text/plain' }, meta: { profile: [`${US_CORE}us-core-media`] } })
      .expect(201);
    const id = (created.body as { id: string }).id;
    assert.ok((await profilesOf('Media'))?.includes(`${US_CORE}us-core-media`));
    await request(sb.app)
      .put(`/fhir/Media/${id}`)
      .set('Content-Type', 'application/fhir+json')
      .send({ resourceType: 'Media', id, status: 'completed', content: { contentType: 'text/plain' } })
      .expect(200);
    const seededMedia = [...sb.store.all('Media')].some((r) => (r.meta?.profile as string[] | undefined)?.includes(`${US_CORE}us-core-media`));
    assert.equal((await profilesOf('Media'))?.includes(`${US_CORE}us-core-media`) ?? false, seededMedia);

    assert.equal(await profilesOf('Basic'), undefined);
    sb.store.load([{ resourceType: 'Basic', id: 'claims', meta: { profile: [`${US_CORE}us-core-patient`] }, code: { text: 'x' } }]);
    assert.deepEqual(await profilesOf('Basic'), [`${US_CORE}us-core-patient`]);
    await request(sb.app).delete('/fhir/Basic/claims').expect(200);
    assert.equal(await profilesOf('Basic'), undefined);

    await request(sb.app).post('/fhir/Basic').set('Content-Type', 'application/fhir+json').send({ resourceType: 'Basic', meta: { profile: [`${US_CORE}us-core-patient`] }, code: { text: 'y' } }).expect(201);
    assert.deepEqual(await profilesOf('Basic'), [`${US_CORE}us-core-patient`]);
    await sb.reset();
    assert.equal(await profilesOf('Basic'), undefined);
    await assertListsTheData();
  });
});
