/**
 * Access is never self-granted: who may act for whom is the sandbox's own record, fixed
 * when data is loaded or set through `sb.proxies`, and the patient compartment is the R4
 * definition's, so no data an app writes (`Patient.link`, `RelatedPerson.patient`) widens
 * what a later token reaches.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getTokens, standaloneLaunch } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { FHIR_JSON, fhir, matchIds } from './helpers.js';

describe('access is never self-granted', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
    t.sb.store.load([
      { resourceType: 'Observation', id: 'obs-child', status: 'final', code: { text: 'growth' }, subject: { reference: 'Patient/child-1' } },
      { resourceType: 'Observation', id: 'obs-pat-2', status: 'final', code: { text: 'bp' }, subject: { reference: 'Patient/pat-2' } },
    ]);
  });
  after(() => t.close());

  it('keeps a parent relation recorded from loaded data (the control)', async () => {
    const parent = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Patient/pat-1' })).access_token;
    const found = matchIds((await fhir(t, '/Observation?patient=child-1', parent)).body);
    assert.deepEqual(found, ['Observation/obs-child']);
  });

  it('does not let a patient reach another family\'s child by linking their own record to its RelatedPerson', async () => {
    const proxies = JSON.stringify(t.sb.proxies.list());
    const own = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/Patient.rus' }, { user: 'Patient/pat-2' })).access_token;
    const self = t.sb.store.read('Patient', 'pat-2');
    const put = await fhir(t, '/Patient/pat-2', own, {
      method: 'PUT',
      headers: FHIR_JSON,
      body: JSON.stringify({ ...self, link: [{ other: { reference: 'RelatedPerson/rp-1' }, type: 'seealso' }] }),
    });
    assert.equal(put.status, 200, 'a patient may edit their own record');
    assert.equal(JSON.stringify(t.sb.proxies.list()), proxies, 'the edit recorded no new proxy');

    // The next login: the picker offers only pat-2, and child-1 cannot be chosen.
    const chosen = await standaloneLaunch(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: 'Patient/pat-2' });
    assert.ok(chosen.code);
    await assert.rejects(
      standaloneLaunch(t, { scope: 'launch/patient openid fhirUser patient/*.rs user/*.rs' }, { user: 'Patient/pat-2', patient: 'child-1' }).then((f) => {
        if (!f.prompts.includes('patient')) throw new Error('the patient page refused the input: chosen automatically');
        return f;
      }),
      /refused the input|chosen automatically/,
    );
    const next = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Patient/pat-2' })).access_token;
    assert.deepEqual(matchIds((await fhir(t, '/Patient', next)).body), ['Patient/pat-2']);
    assert.equal((await fhir(t, '/Patient/child-1', next)).status, 403);
    assert.equal((await fhir(t, '/Observation/obs-child', next)).status, 403);
    assert.deepEqual(matchIds((await fhir(t, '/Observation?patient=child-1', next)).body), []);
  });

  it('does not let an edited RelatedPerson.patient move a parent to another child', async () => {
    const practitioner = (await getTokens(t, { scope: 'openid fhirUser user/*.cruds' }, { user: 'Practitioner/prac-1' })).access_token;
    const rp = t.sb.store.read('RelatedPerson', 'rp-1');
    const put = await fhir(t, '/RelatedPerson/rp-1', practitioner, {
      method: 'PUT',
      headers: FHIR_JSON,
      body: JSON.stringify({ ...rp, patient: { reference: 'Patient/pat-2' } }),
    });
    assert.equal(put.status, 200);
    const parent = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'RelatedPerson/rp-1' })).access_token;
    assert.deepEqual(matchIds((await fhir(t, '/Patient', parent)).body), ['Patient/child-1'], 'still the recorded child only');
    assert.equal((await fhir(t, '/Observation/obs-pat-2', parent)).status, 403);
    await fhir(t, '/RelatedPerson/rp-1', practitioner, { method: 'PUT', headers: FHIR_JSON, body: JSON.stringify(rp) });
  });

  it('does not pull a linking patient\'s records into the linked patient\'s compartment', async () => {
    const practitioner = (await getTokens(t, { scope: 'openid fhirUser user/*.cruds' }, { user: 'Practitioner/prac-1' })).access_token;
    const pat2 = t.sb.store.read('Patient', 'pat-2');
    const put = await fhir(t, '/Patient/pat-2', practitioner, {
      method: 'PUT',
      headers: FHIR_JSON,
      body: JSON.stringify({ ...pat2, link: [{ other: { reference: 'Patient/pat-1' }, type: 'seealso' }] }),
    });
    assert.equal(put.status, 200);
    const pat1 = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
    const observations = matchIds((await fhir(t, '/Observation', pat1)).body);
    assert.ok(!observations.includes('Observation/obs-pat-2'), `pat-1 sees ${observations.join(', ')}`);
    assert.equal((await fhir(t, '/Observation/obs-pat-2', pat1)).status, 403);
  });

  it('lets the programmatic API grant and withdraw a proxy', async () => {
    t.sb.proxies.add('Patient/pat-2', 'child-1');
    try {
      const token = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Patient/pat-2' })).access_token;
      assert.equal((await fhir(t, '/Observation/obs-child', token)).status, 200);
    } finally {
      assert.equal(t.sb.proxies.remove('Patient/pat-2', 'child-1'), true);
    }
    const after = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Patient/pat-2' })).access_token;
    assert.equal((await fhir(t, '/Observation/obs-child', after)).status, 403);
  });
});
