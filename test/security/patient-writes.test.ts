/**
 * A patient-scoped write stays in its patient: under patient/ scopes a create, an update or
 * a Bundle entry may refer to no Patient but the one in context, in any element. Each
 * refusal is a 403 naming the foreign reference, and the store is left as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { diagnostics, FHIR_JSON, fhir, storeFingerprint } from './helpers.js';

const observation = (extra: Record<string, unknown>) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'heart rate' },
  subject: { reference: 'Patient/pat-1' },
  ...extra,
});

describe('a patient-scoped write stays in its patient', () => {
  let t: TestSandbox;
  let token: string;
  before(async () => {
    t = await startSandbox();
    token = (await getTokens(t, { scope: 'launch/patient patient/*.cruds' }, { patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  const post = (path: string, body: unknown) => fhir(t, path, token, { method: 'POST', headers: FHIR_JSON, body: JSON.stringify(body) });
  const put = (path: string, body: unknown) => fhir(t, path, token, { method: 'PUT', headers: FHIR_JSON, body: JSON.stringify(body) });

  async function refused(send: () => Promise<{ status: number; body: Record<string, unknown>; text: string }>, foreign = 'Patient/pat-2'): Promise<void> {
    const before = storeFingerprint(t.sb);
    const pat2Records = t.sb.store.referencesTo('Patient/pat-2').size;
    const reply = await send();
    assert.equal(reply.status, 403, reply.text);
    assert.equal(reply.body.resourceType, 'OperationOutcome');
    assert.match(diagnostics(reply as never), new RegExp(foreign.replace('/', '\\/')), 'the reason names the foreign reference');
    assert.equal(storeFingerprint(t.sb), before, 'nothing was written');
    assert.equal(t.sb.store.referencesTo('Patient/pat-2').size, pat2Records, "nothing new points at the other patient");
  }

  it('accepts a write that names only the patient in context (the control)', async () => {
    const reply = await post('/Observation', observation({ performer: [{ reference: 'Practitioner/prac-1' }] }));
    assert.equal(reply.status, 201, reply.text);
  });

  it('refuses an Observation of its own patient performed by another patient', async () => {
    await refused(() => post('/Observation', observation({ performer: [{ reference: 'Patient/pat-2' }] })));
  });

  it('refuses a Condition asserted by another patient', async () => {
    await refused(() =>
      post('/Condition', { resourceType: 'Condition', subject: { reference: 'Patient/pat-1' }, asserter: { reference: 'Patient/pat-2' }, code: { text: 'x' } }),
    );
  });

  it('finds the other patient in an extension, a nested element, an absolute URL and a contained resource', async () => {
    await refused(() =>
      post('/Observation', observation({ extension: [{ url: 'http://example.org/x', valueReference: { reference: 'Patient/pat-2' } }] })),
    );
    await refused(() =>
      post('/Observation', observation({ component: [{ code: { text: 'c' }, extension: [{ url: 'http://example.org/y', valueReference: { reference: 'Patient/pat-2' } }] }] })),
    );
    await refused(() => post('/Observation', observation({ performer: [{ reference: `${t.fhirBase}/Patient/pat-2` }] })));
    await refused(() =>
      post(
        '/Observation',
        observation({
          contained: [{ resourceType: 'Provenance', id: 'p', target: [{ reference: 'Patient/pat-2' }], recorded: '2024-01-01T00:00:00Z', agent: [{ who: { reference: 'Patient/pat-2' } }] }],
        }),
      ),
    );
  });

  it('refuses an update that adds another patient, and a Patient.link to another patient', async () => {
    const current = t.sb.store.read('Observation', 'obs-vital-1');
    await refused(() => put('/Observation/obs-vital-1', { ...current, performer: [{ reference: 'Patient/pat-2' }] }));
    const self = t.sb.store.read('Patient', 'pat-1');
    await refused(() => put('/Patient/pat-1', { ...self, link: [{ other: { reference: 'Patient/pat-2' }, type: 'seealso' }] }));
  });

  it('refuses a whole transaction when one entry names another patient, and a batch entry alike', async () => {
    const entries = [
      { fullUrl: 'urn:uuid:1', resource: observation({}), request: { method: 'POST', url: 'Observation' } },
      { fullUrl: 'urn:uuid:2', resource: observation({ performer: [{ reference: 'Patient/pat-2' }] }), request: { method: 'POST', url: 'Observation' } },
    ];
    await refused(() => post('', { resourceType: 'Bundle', type: 'transaction', entry: entries }));

    const before = storeFingerprint(t.sb);
    const batch = await post('', { resourceType: 'Bundle', type: 'batch', entry: [entries[1]] });
    assert.equal(batch.status, 200);
    const response = (batch.body.entry as { response: { status: string } }[])[0]!.response;
    assert.equal(response.status, '403');
    assert.equal(storeFingerprint(t.sb), before);
  });
  it("keeps a Binary written under a patient/ scope in that patient's record: another patient cannot list or read it", async () => {
    const other = (await getTokens(t, { scope: 'launch/patient patient/Binary.rs' }, { patient: 'pat-2' })).access_token;
    const native = await fhir(t, '/Binary', token, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'my discharge letter' });
    assert.equal(native.status, 201, native.text);
    const json = await post('/Binary', { resourceType: 'Binary', contentType: 'text/plain', data: Buffer.from('my notes').toString('base64') });
    assert.equal(json.status, 201, json.text);
    for (const reply of [native, json]) {
      const id = reply.body.id as string;
      assert.deepEqual(reply.body.securityContext, { reference: 'Patient/pat-1' }, 'the Binary is tied to the patient in context');
      assert.equal((await fhir(t, `/Binary/${id}`, token)).status, 200, 'its own patient reads it');
      assert.equal((await fhir(t, `/Binary/${id}`, other)).status, 403, 'another patient may not read it');
    }
    const listed = await fhir(t, '/Binary', other);
    assert.equal(listed.body.total, 0, listed.text.slice(0, 300));
  });
});
