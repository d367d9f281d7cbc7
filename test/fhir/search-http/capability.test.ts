import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createResourceValidator } from '../../../src/fhir/validate/schema-validator.js';
import { createSandbox, type Sandbox } from '../../../src/index.js';
import { SEARCH_DATA } from './data.js';

type SearchParam = { name: string; type: string; definition?: string; documentation: string };
type ResourceEntry = { type: string; searchParam?: SearchParam[]; searchInclude?: string[]; searchRevInclude?: string[] };

/** A harmless value of each parameter type (composites get one per part). */
const SAMPLE: Record<string, string> = {
  token: 'x',
  string: 'x',
  date: '2020',
  reference: 'x',
  quantity: '1',
  number: '1',
  uri: 'http://example.org/x',
};

describe('the CapabilityStatement tells the truth about search', () => {
  let sb: Sandbox;
  let resources: ResourceEntry[];
  let statement: Record<string, unknown>;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.load(SEARCH_DATA);
    statement = (await request(sb.app).get('/fhir/metadata').expect(200)).body as Record<string, unknown>;
    resources = (statement.rest as { resource: ResourceEntry[] }[])[0]!.resource;
  });
  after(() => sb.close());
  const entry = (type: string): ResourceEntry => resources.find((r) => r.type === type)!;

  it('is a valid R4 CapabilityStatement', () => {
    assert.deepEqual(createResourceValidator()(statement), []);
  });

  it('instantiates the US Core server CapabilityStatement and lists system search', () => {
    assert.deepEqual(statement.instantiates, ['http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server']);
    const rest = (statement.rest as { interaction: { code: string }[]; searchParam: SearchParam[] }[])[0]!;
    assert.ok(rest.interaction.some((i) => i.code === 'search-system'));
    assert.ok(rest.searchParam.some((p) => p.name === '_type'));
  });

  it('lists composites, US Core race and ethnicity with their definitions, and chains on reference parameters', () => {
    const observation = entry('Observation').searchParam!;
    for (const name of ['code-value-quantity', 'component-code-value-quantity', 'combo-code-value-quantity', 'code-value-concept']) {
      assert.equal(observation.find((p) => p.name === name)?.type, 'composite', name);
    }
    assert.match(observation.find((p) => p.name === 'patient')!.documentation, /Chainable to Patient/);
    const patient = entry('Patient').searchParam!;
    assert.equal(patient.find((p) => p.name === 'race')?.definition, 'http://hl7.org/fhir/us/core/SearchParameter/us-core-race');
    assert.equal(patient.find((p) => p.name === 'ethnicity')?.definition, 'http://hl7.org/fhir/us/core/SearchParameter/us-core-ethnicity');
  });

  it('lists searchInclude and searchRevInclude, and every one listed works', async () => {
    const revs = entry('Patient').searchRevInclude!;
    for (const expected of ['Observation:patient', 'Encounter:patient', 'MedicationRequest:subject', 'Provenance:target']) {
      assert.ok(revs.includes(expected), expected);
    }
    const includes = entry('Observation').searchInclude!;
    assert.ok(includes.includes('Observation:patient') && includes.includes('Observation:*'));
    for (const include of includes) await request(sb.app).get(`/fhir/Observation?_id=hr-a&_include=${include}`).expect(200);
    for (const rev of revs) {
      await request(sb.app).get(`/fhir/Patient?_id=pat-a&_revinclude=${rev}`).expect(200);
    }
    const res = await request(sb.app).get('/fhir/Patient?_id=pat-a&_revinclude=Observation:patient').expect(200);
    assert.equal(res.body.entry.length, 3);
  });

  it('every listed search parameter of every type is applied (answers 200 under strict handling, nothing ignored)', async () => {
    for (const resource of resources) {
      for (const param of resource.searchParam ?? []) {
        const value = param.type === 'composite' ? compositeSample(resource.type, param.name) : SAMPLE[param.type]!;
        const res = await request(sb.app)
          .get(`/fhir/${resource.type}?${param.name}=${encodeURIComponent(value)}`)
          .set('prefer', 'handling=strict');
        assert.equal(res.status, 200, `${resource.type}?${param.name}: ${JSON.stringify(res.body)}`);
        assert.ok(!(res.body.entry ?? []).some((e: { search: { mode: string } }) => e.search.mode === 'outcome'));
      }
    }
  });
});

/** A value for an Observation composite: a code, then a value of the second part's kind. */
function compositeSample(type: string, name: string): string {
  assert.equal(type, 'Observation', `composite ${type}.${name}`);
  if (name.endsWith('-quantity')) return 'x$1';
  if (name.endsWith('-date')) return 'x$2020';
  return 'x$x';
}
