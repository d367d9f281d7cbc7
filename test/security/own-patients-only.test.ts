/**
 * `ownPatientsOnly` holds for every scope form: a practitioner limited to their own patients
 * can neither pick nor launch with another patient, so no `patient/` token reaches one; and
 * `user/` with `patient/` scopes together reach the union of what each reaches alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inputValues, submit, TestBrowser } from '../helpers/browser.js';
import { authorizeUrl, getTokens, launchFromEhr, standaloneLaunch } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { fhir, matchIds, storeFingerprint } from './helpers.js';

const obs = (id: string, patient: string) => ({ resourceType: 'Observation', id, status: 'final', code: { text: id }, subject: { reference: `Patient/${patient}` } });

describe('ownPatientsOnly holds for every scope form', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ ownPatientsOnly: true });
    t.sb.store.load([
      { resourceType: 'Patient', id: 'pat-9', name: [{ family: 'Own' }], generalPractitioner: [{ reference: 'Practitioner/prac-2' }] },
      { resourceType: 'Encounter', id: 'enc-9', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pat-2' }, participant: [{ individual: { reference: 'Practitioner/prac-2' } }] },
      obs('obs-2a', 'pat-2'),
      obs('obs-9a', 'pat-9'),
    ]);
  });
  after(() => t.close());

  it('lists only own patients in the picker and refuses another one', async () => {
    const before = storeFingerprint(t.sb);
    const browser = new TestBrowser(t.url);
    let step = await browser.go(authorizeUrl(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }));
    step = await submit(browser, step.page!, [['user', 'Practitioner/prac-2']]);
    assert.ok(step.page, 'the picker');
    assert.deepEqual(inputValues(step.page.html, 'patient').sort(), ['pat-2', 'pat-9']);

    await assert.rejects(
      standaloneLaunch(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: 'Practitioner/prac-2', patient: 'pat-1' }),
      /patient page refused the input/,
    );
    const own = await standaloneLaunch(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: 'Practitioner/prac-2', patient: 'pat-2' });
    assert.ok(own.code, 'an own patient can be picked (the control)');
    assert.equal(storeFingerprint(t.sb), before);
  });

  it('refuses an EHR launch with another patient', async () => {
    await assert.rejects(launchFromEhr(t, { user: 'Practitioner/prac-2', patient: 'pat-1' }), /should open the app/);
    const url = await launchFromEhr(t, { user: 'Practitioner/prac-2', patient: 'pat-9' });
    assert.ok(url.searchParams.get('launch'), 'an own patient launches (the control)');
  });

  it('reaches the union with user/ and patient/ scopes together', async () => {
    const user = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Practitioner/prac-2' })).access_token;
    const patient = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: 'Practitioner/prac-2', patient: 'pat-2' })).access_token;
    const both = (await getTokens(t, { scope: 'launch/patient openid fhirUser user/*.rs patient/*.rs' }, { user: 'Practitioner/prac-2', patient: 'pat-2' })).access_token;
    const seen = async (token: string) => new Set(matchIds((await fhir(t, '/Observation', token)).body));
    const [u, p, b] = [await seen(user), await seen(patient), await seen(both)];
    assert.deepEqual([...u].sort(), ['Observation/obs-2a', 'Observation/obs-9a']);
    assert.deepEqual([...p].sort(), ['Observation/obs-2a']);
    assert.deepEqual([...b].sort(), [...new Set([...u, ...p])].sort());
    assert.equal((await fhir(t, '/Observation/obs-lab-1', both)).status, 403, "another practitioner's patient stays out of reach");
  });
  it('leaves a Binary written under user/ scopes as it was sent, even by a practitioner with one own patient', async () => {
    t.sb.store.load([{ resourceType: 'Patient', id: 'pat-8', name: [{ family: 'Sole' }], generalPractitioner: [{ reference: 'Practitioner/prac-1' }] }]);
    const token = (await getTokens(t, { scope: 'openid fhirUser user/Binary.cr' }, { user: 'Practitioner/prac-1' })).access_token;
    const reply = await fhir(t, '/Binary', token, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a practice leaflet' });
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.securityContext, undefined, 'a user/ write is not tied to a patient');
  });
});
