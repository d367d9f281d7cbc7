import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../../src/index.js';
import { SEARCH_DATA } from './data.js';
import { assertBadRequest, matchKeys, type Bundle } from './helpers.js';

describe('a search applies every parameter it is given, or fails naming it', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.load(SEARCH_DATA);
  });
  after(() => sb.close());
  const get = (path: string, headers: Record<string, string> = {}): request.Test => request(sb.app).get(path).set(headers);

  it('applies a chained identifier instead of returning every Observation', async () => {
    const res = await get('/fhir/Observation?patient.identifier=urn:example:mrn|A1').expect(200);
    assert.deepEqual(matchKeys(res), ['Observation/bp-a', 'Observation/hr-a']);
  });

  it('applies a chain next to a plain parameter (medication.code)', async () => {
    const res = await get('/fhir/MedicationRequest?patient=pat-a&medication.code=http://www.nlm.nih.gov/research/umls/rxnorm|3').expect(200);
    assert.deepEqual(matchKeys(res), ['MedicationRequest/mr-c']);
  });

  it('ignores a name unknown to FHIR R4, says so in an OperationOutcome entry, and leaves it out of the self link', async () => {
    const res = await get('/fhir/Patient?shoe-size=42&gender=male').expect(200);
    assert.deepEqual(matchKeys(res), ['Patient/pat-b']);
    const bundle = res.body as Bundle;
    const outcome = bundle.entry!.find((e) => e.search.mode === 'outcome')!;
    assert.match(JSON.stringify(outcome.resource), /shoe-size/);
    const self = bundle.link.find((l) => l.relation === 'self')!.url;
    assert.ok(!self.includes('shoe-size') && self.includes('gender=male'), self);
  });

  it('refuses an unknown name under Prefer: handling=strict', async () => {
    assertBadRequest(await get('/fhir/Patient?shoe-size=42', { prefer: 'handling=strict' }), 'shoe-size');
  });

  it('refuses, strict or not, what it recognises but cannot apply: R4 parameters it lacks, unknown chains, _has, modifiers', async () => {
    const cases: [string, string][] = [
      ['/fhir/Patient?phonetic=lopez', 'phonetic'],
      ['/fhir/Patient?_text=lopez', '_text'],
      ['/fhir/Patient?_list=42', '_list'],
      ['/fhir/Observation?patient.shoe-size=42', 'patient.shoe-size'],
      ['/fhir/Observation?code.name=x', 'code.name'],
      ['/fhir/Patient?_has:Observation:patient:shoe-size=1', '_has:Observation:patient:shoe-size'],
      ['/fhir/Observation?code:in=http://example.org/vs', ':in'],
      ['/fhir/Observation?code:below=http://loinc.org|8867', ':below'],
      ['/fhir/Observation?_include:iterate=Patient:name', '_include:iterate'],
      ['/fhir/Observation?value-quantity=xx100', 'value-quantity'],
    ];
    for (const [path, name] of cases) assertBadRequest(await get(path), name);
  });

  it('answers GET [base] with a system-level search, not 405', async () => {
    const res = await get('/fhir?_type=Patient&gender=female').expect(200);
    assert.deepEqual(matchKeys(res), ['Patient/pat-a']);
  });
});
