/** Contract §6 at the authorization server: what a request is granted, in which syntax. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exchangeCode, getTokens, standaloneLaunch } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('scopes granted', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({
      clients: [{ clientId: 'reader', type: 'public', redirectUris: ['http://localhost:5173/callback'], scope: 'launch/patient openid fhirUser patient/*.rs' }],
    });
  });
  after(() => t.close());

  it('answers a v1 request with a v1 grant', async () => {
    const tokens = await getTokens(t, { scope: 'launch/patient patient/Observation.read patient/Patient.read' });
    assert.equal(tokens.scope, 'launch/patient patient/Observation.read patient/Patient.read');
  });

  it('grants v2 scopes verbatim, granular ones included', async () => {
    const lab = 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
    const tokens = await getTokens(t, { scope: `launch/patient ${lab}` }, { scopes: ['launch/patient', lab] });
    assert.equal(tokens.scope, `launch/patient ${lab}`);
  });

  it('narrows to what the client is registered for and leaves out the rest', async () => {
    const flow = await standaloneLaunch(t, { clientId: 'reader', scope: 'launch/patient patient/Observation.cruds offline_access user/*.rs' }, { patient: 'pat-1' });
    const tokens = await exchangeCode(t, flow);
    assert.equal(tokens.body.scope, 'launch/patient patient/Observation.rs');
    assert.equal(tokens.body.refresh_token, undefined);
  });

  it('refuses the launch scope in a standalone launch but grants the rest', async () => {
    const tokens = await getTokens(t, { scope: 'launch launch/patient patient/*.rs' });
    assert.equal(tokens.scope, 'launch/patient patient/*.rs');
  });

  it('puts a patient in context whenever a patient/ scope is granted', async () => {
    const tokens = await getTokens(t, { scope: 'patient/*.rs' });
    assert.equal(tokens.patient, 'pat-1');
  });
});
