/**
 * Bounded CPU per request: a search past any of SEARCH_LIMITS (OR values per parameter,
 * parameters per request, includes, sort keys, URL length, `_search` form size) is a 400
 * OperationOutcome naming the limit, before any work is done, under any token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SEARCH_LIMITS } from '../../src/fhir/search/limits.js';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { diagnostics, FHIR_JSON, FORM, fhir, storeFingerprint, type Reply } from './helpers.js';

const values = (n: number, prefix = 'c'): string => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(',');

describe('bounded CPU per request', () => {
  let t: TestSandbox;
  let practitioner: string;
  let patient: string;
  before(async () => {
    t = await startSandbox();
    practitioner = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Practitioner/prac-1' })).access_token;
    patient = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  const get = (query: string, token = practitioner) => fhir(t, `/Observation?${query}`, token);
  const postSearch = (form: string, token = practitioner) => fhir(t, '/Observation/_search', token, { method: 'POST', headers: FORM, body: form });

  function refused(reply: Reply, limit: keyof typeof SEARCH_LIMITS): void {
    assert.equal(reply.status, 400, reply.text.slice(0, 300));
    assert.equal(reply.body.resourceType, 'OperationOutcome');
    assert.equal((reply.body.issue as { code: string }[])[0]!.code, 'too-costly');
    const text = diagnostics(reply);
    assert.ok(text.includes(limit) && text.includes(String(SEARCH_LIMITS[limit])), `names ${limit}: ${text}`);
  }

  it(`refuses more than ${SEARCH_LIMITS.orValuesPerParameter} OR values in one parameter, in a query and a _search form`, async () => {
    const before = storeFingerprint(t.sb);
    assert.equal((await get(`code=${values(SEARCH_LIMITS.orValuesPerParameter)}`)).status, 200, 'at the limit');
    refused(await get(`code=${values(SEARCH_LIMITS.orValuesPerParameter + 1)}`), 'orValuesPerParameter');
    refused(await postSearch(`code=${values(SEARCH_LIMITS.orValuesPerParameter + 1)}`), 'orValuesPerParameter');
    refused(await postSearch(`code=${values(SEARCH_LIMITS.orValuesPerParameter + 1)}`, patient), 'orValuesPerParameter');
    refused(await get(`_id=${values(500)}`, patient), 'orValuesPerParameter');
    assert.equal(storeFingerprint(t.sb), before);
  });

  it(`refuses more than ${SEARCH_LIMITS.orValuesPerRequest} values in all parameters together`, async () => {
    const per = SEARCH_LIMITS.orValuesPerParameter;
    const params = (n: number) => Array.from({ length: n }, (_, i) => `code=${values(per, `p${i}-`)}`).join('&');
    const atLimit = SEARCH_LIMITS.orValuesPerRequest / per;
    assert.equal((await postSearch(params(atLimit))).status, 200, 'at the limit');
    refused(await postSearch(`${params(atLimit)}&status=final`), 'orValuesPerRequest');
  });

  it(`refuses more than ${SEARCH_LIMITS.parametersPerRequest} parameters`, async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `code=c${i}`).join('&');
    assert.equal((await get(many(SEARCH_LIMITS.parametersPerRequest))).status, 200, 'at the limit');
    refused(await get(many(SEARCH_LIMITS.parametersPerRequest + 1)), 'parametersPerRequest');
    const form = await postSearch(many(SEARCH_LIMITS.parametersPerRequest + 1));
    assert.equal(form.status, 400);
    assert.match(diagnostics(form), new RegExp(String(SEARCH_LIMITS.parametersPerRequest)));
  });

  it(`refuses more than ${SEARCH_LIMITS.includes} _include and _revinclude together`, async () => {
    const revs = (n: number) => Array.from({ length: n }, () => '_revinclude=Provenance:target').join('&');
    assert.equal((await fhir(t, `/Patient?${revs(SEARCH_LIMITS.includes)}`, practitioner)).status, 200, 'at the limit');
    refused(await fhir(t, `/Patient?${revs(SEARCH_LIMITS.includes + 1)}`, practitioner), 'includes');
    refused(await fhir(t, '/Patient/_search', patient, { method: 'POST', headers: FORM, body: revs(999) }), 'parametersPerRequest');
    refused(await fhir(t, `/Observation?_include=Observation:subject&${revs(SEARCH_LIMITS.includes)}`, practitioner), 'includes');
  });

  it(`refuses more than ${SEARCH_LIMITS.sortKeys} _sort keys`, async () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? '-date' : 'code')).join(',');
    assert.equal((await get(`_sort=${keys(SEARCH_LIMITS.sortKeys)}`)).status, 200, 'at the limit');
    refused(await get(`_sort=${keys(SEARCH_LIMITS.sortKeys + 1)}`), 'sortKeys');
    refused(await get(`_sort=${keys(999)}`, patient), 'sortKeys');
  });

  it(`refuses a URL longer than ${SEARCH_LIMITS.urlLength} characters and a _search form over ${SEARCH_LIMITS.searchFormBytes} bytes`, async () => {
    refused(await get(`name=${'a'.repeat(SEARCH_LIMITS.urlLength)}`), 'urlLength');
    refused(await fhir(t, `/Patient/pat-1?x=${'a'.repeat(SEARCH_LIMITS.urlLength)}`, practitioner), 'urlLength');
    refused(await postSearch(`code=${'a'.repeat(SEARCH_LIMITS.searchFormBytes)}`), 'searchFormBytes');
    refused(await postSearch(`code=${values(500_000)}`, patient), 'searchFormBytes');
  });
  it(`refuses a batch or transaction of more than ${SEARCH_LIMITS.searchesPerBundle} searches, chained criteria included`, async () => {
    const bundle = (type: string, entry: unknown[]) => ({ method: 'POST', headers: FHIR_JSON, body: JSON.stringify({ resourceType: 'Bundle', type, entry }) });
    const searches = (n: number) => Array.from({ length: n }, (_, i) => ({ request: { method: 'GET', url: i % 2 ? 'Observation?_sort=-date' : 'Patient/pat-1/$everything' } }));
    const atLimit = await fhir(t, '', practitioner, bundle('batch', searches(SEARCH_LIMITS.searchesPerBundle)));
    assert.equal(atLimit.status, 200, atLimit.text.slice(0, 300));
    const reads = Array.from({ length: 200 }, () => ({ request: { method: 'GET', url: 'Patient/pat-1' } }));
    assert.equal((await fhir(t, '', practitioner, bundle('batch', reads))).status, 200, 'reads by id are not searches');
    refused(await fhir(t, '', practitioner, bundle('batch', searches(SEARCH_LIMITS.searchesPerBundle + 1))), 'searchesPerBundle');
    refused(await fhir(t, '', patient, bundle('transaction', searches(SEARCH_LIMITS.searchesPerBundle + 1))), 'searchesPerBundle');

    const before = storeFingerprint(t.sb);
    const chained = Array.from({ length: SEARCH_LIMITS.searchesPerBundle + 1 }, (_, i) => ({
      request: { method: 'POST', url: 'Observation', ifNoneExist: `_has:Observation:has-member:code=${values(100, `x${i}-`)}` },
      resource: { resourceType: 'Observation', status: 'final', code: { text: `n${i}` }, subject: { reference: 'Patient/pat-1' } },
    }));
    const reply = await fhir(t, '', practitioner, bundle('transaction', chained));
    assert.equal(reply.status, 400, reply.text.slice(0, 300));
    assert.match(diagnostics(reply), /searchesPerBundle/);
    assert.equal(storeFingerprint(t.sb), before, 'the transaction changed nothing');
  });
});
