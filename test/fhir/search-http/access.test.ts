import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getTokens } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

type Bundle = { total?: number; entry?: { resource: { resourceType: string; id: string }; search: { mode: string } }[] };

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';

/**
 * Chains and _has look at other resources than the ones returned: they must only ever look
 * at resources the token may read, or a search would tell what the token may not see.
 */
describe('chains, _has and system search respect the token', () => {
  let t: TestSandbox;
  let patientToken: string;
  let labToken: string;
  const search = async (path: string, token: string): Promise<{ status: number; keys: string[]; body: Bundle }> => {
    const res = await fetch(`${t.fhirBase}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as Bundle;
    const keys = (body.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    return { status: res.status, keys, body };
  };

  before(async () => {
    t = await startSandbox();
    t.sb.store.load([
      // pat-2's emergency visit was with prac-2; pat-1's check-up with prac-1.
      { resourceType: 'Encounter', id: 'enc-3', status: 'finished', class: { code: 'EMER' }, subject: { reference: 'Patient/pat-2' }, participant: [{ individual: { reference: 'Practitioner/prac-2' } }] },
      { resourceType: 'Encounter', id: 'enc-1', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pat-1' }, participant: [{ individual: { reference: 'Practitioner/prac-1' } }] },
      { resourceType: 'DiagnosticReport', id: 'dr-1', status: 'final', code: { text: 'Panel' }, subject: { reference: 'Patient/pat-1' }, result: [{ reference: 'Observation/obs-vital-1' }] },
    ]);
    patientToken = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
    const scopes = ['launch/patient', 'patient/Patient.rs', 'patient/DiagnosticReport.rs', `patient/Observation.rs?category=${LAB}`];
    labToken = (await getTokens(t, { scope: scopes.join(' ') }, { patient: 'pat-1', scopes })).access_token;
  });
  after(() => t.close());

  it('_has under a patient token considers only that patient\'s resources', async () => {
    // Without the filter, this would reveal that pat-2 saw prac-2.
    const other = await search('/Practitioner?_has:Encounter:practitioner:patient=pat-2', patientToken);
    assert.equal(other.status, 200);
    assert.deepEqual(other.keys, []);
    const own = await search('/Practitioner?_has:Encounter:practitioner:patient=pat-1', patientToken);
    assert.deepEqual(own.keys, ['Practitioner/prac-1']);
    const chained = await search('/Practitioner?_has:Encounter:practitioner:patient.name=Smith', patientToken);
    assert.deepEqual(chained.keys, []);
  });

  it('_has and chains never count resources a granular scope hides, even in the patient\'s own record', async () => {
    const vital = await search('/Patient?_has:Observation:patient:code=8867-4', labToken);
    assert.deepEqual(vital.keys, [], 'the vital-signs Observation is outside patient/Observation.rs?category=laboratory');
    const lab = await search('/Patient?_has:Observation:patient:code=2345-7', labToken);
    assert.deepEqual(lab.keys, ['Patient/pat-1']);
    const forward = await search('/DiagnosticReport?result.code=8867-4', labToken);
    assert.deepEqual(forward.keys, [], 'dr-1 refers to the hidden vital sign');
    const open = await search('/DiagnosticReport?result.code=8867-4', patientToken);
    assert.deepEqual(open.keys, ['DiagnosticReport/dr-1']);
  });

  it('forward chains stay inside the patient compartment', async () => {
    const res = await search('/Observation?patient.name=Smith', patientToken);
    assert.equal(res.status, 200);
    assert.deepEqual(res.keys, []);
  });

  it('system search shows each type only as far as the token reads it, and refuses a named type it may not search', async () => {
    const all = await search('/?_type=Patient,Observation', labToken);
    assert.equal(all.status, 200);
    assert.deepEqual(all.keys.sort(), ['Observation/obs-lab-1', 'Patient/pat-1']);
    const unnamed = await search('/?_id=enc-1,pat-1', labToken);
    assert.deepEqual(unnamed.keys, ['Patient/pat-1'], 'Encounter is not in the scopes: skipped');
    const named = await search('/?_type=Encounter', labToken);
    assert.equal(named.status, 403);
  });
});
