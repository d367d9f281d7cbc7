/**
 * A kept search page (fhir/search/page-cache.ts) against the answer of a sandbox that never
 * kept anything: two sandboxes from the same seed, one asked each search three times (the
 * third answer comes from the kept page), the other once. Apart from the Bundle's own id and
 * time the bytes must be the same, for searches with modifiers, several values, repeated
 * parameters, chains, _has, includes, paging, _summary, _elements, ignored parameters and
 * POST _search, open and under a token, before and after writes (a delete and an update).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createManualClock, createSandbox, type Sandbox } from '../../../src/index.js';
import type { Resource } from '../../../src/fhir/resource.js';

const HEAD = /^\{"resourceType":"Bundle","id":"[0-9a-f-]{36}","meta":\{"lastUpdated":"[^"]+"\}/;
const NOW = Date.UTC(2026, 5, 1);

function rest(text: string): string {
  const m = HEAD.exec(text);
  assert.ok(m, `a searchset Bundle starting with its id and meta: ${text.slice(0, 120)}`);
  return text.slice(m[0].length);
}

describe('a kept search page against a sandbox that kept nothing', () => {
  let kept: Sandbox;
  let fresh: Sandbox;
  let p = '';
  let q = '';
  const make = (open: boolean): Promise<Sandbox> =>
    createSandbox({ seed: 7, patients: 3, open, baseUrl: 'http://ehr.test', clock: createManualClock(NOW), maxPageSize: 10_000 });
  before(async () => {
    [kept, fresh] = [await make(false), await make(false)];
    const ids = kept.store.search('Patient').map((r) => r.id);
    assert.deepEqual(ids, fresh.store.search('Patient').map((r) => r.id), 'the same seed gives the same patients');
    [p, q] = [ids[0]!, ids[1]!];
  });
  after(() => {
    kept.close();
    fresh.close();
  });

  const searches = (): string[] => [
    `Observation?patient=${p}`,
    `Observation?patient=${p},${q}`,
    `Observation?patient=${p}&patient=${q}`,
    `Observation?patient=${p}&patient=${p}`,
    `Observation?subject=Patient/${p}&category=vital-signs`,
    `Observation?subject:Patient=${p}&_sort=-date&_count=7&_offset=7`,
    `Observation?patient=http://elsewhere.test/fhir/Patient/${p}`,
    `Observation?patient:missing=true`,
    `Observation?patient=${p}&code:not=8867-4`,
    `Observation?patient=${p}&status:not=final&_count=5`,
    `Observation?patient.name:contains=a&_count=5`,
    `Observation?patient.gender=female&_summary=count`,
    `Patient?name:exact=nobody`,
    `Patient?name:contains=a&_elements=name,birthDate`,
    `Patient?identifier:text=a`,
    `Patient?_has:Observation:patient:category=vital-signs`,
    `Patient?_id=${p}&_revinclude=Observation:subject&_count=3`,
    `Observation?patient=${p}&_include=Observation:subject&_include=Observation:performer&_count=4`,
    `Observation?patient=${p}&_summary=true&_count=10`,
    `Observation?patient=${p}&_total=accurate&_count=2`,
    `Condition?patient=${p}&unknown-parameter=1`,
    `Encounter?patient=${p}&date=ap2020-01-01`,
    `Observation?patient=Patient/${p}&_format=json&_count=3`,
  ];

  const compare = async (label: string, auth?: { kept: string; fresh: string }): Promise<void> => {
    for (const path of searches()) {
      const get = (sb: Sandbox, token?: string) => {
        const r = request(sb.app).get(`/fhir/${path}`);
        return token ? r.set('Authorization', `Bearer ${token}`) : r;
      };
      // A type outside the token's scopes is refused alike (403).
      const body = (r: request.Response): string => `${r.status} ${r.status === 200 ? rest(r.text) : r.text}`;
      let last = '';
      for (let i = 0; i < 3; i++) last = body(await get(kept, auth?.kept));
      assert.equal(last, body(await get(fresh, auth?.fresh)), `${label}: ${path}`);
    }
    const form = `patient=${p}&_count=5&_include=Observation:subject`;
    const post = (sb: Sandbox, token?: string) => {
      const r = request(sb.app).post('/fhir/Observation/_search').type('form').send(form);
      return token ? r.set('Authorization', `Bearer ${token}`) : r;
    };
    let last = '';
    for (let i = 0; i < 3; i++) last = rest((await post(kept, auth?.kept).expect(200)).text);
    assert.equal(last, rest((await post(fresh, auth?.fresh).expect(200)).text), `${label}: POST _search`);
    assert.equal(last, rest((await request(fresh.app).get(`/fhir/Observation?${form}`).set(auth ? { Authorization: `Bearer ${auth.fresh}` } : {}).expect(200)).text), `${label}: POST _search as GET`);
  };

  const tokens = async (scope: string, patient: string): Promise<{ kept: string; fresh: string }> => ({
    kept: (await kept.issueToken({ patient, user: `Patient/${patient}`, scope })).access_token,
    fresh: (await fresh.issueToken({ patient, user: `Patient/${patient}`, scope })).access_token,
  });

  it('is the same bytes, open and under tokens, before and after writes', async () => {
    const all = await tokens('launch/patient openid fhirUser patient/*.rs', p);
    const some = await tokens('launch/patient openid fhirUser patient/Observation.rs patient/Encounter.rs', q);
    await compare('patient/*.rs', all);
    await compare('some types, another patient', some);
    // The same writes to both: one Observation of p deleted, another moved to q (a new version).
    const observations = kept.store.search('Observation', { patient: p });
    const [gone, moved] = [observations[0]!, observations[1]!];
    for (const sb of [kept, fresh]) {
      sb.store.delete('Observation', gone.id);
      const now = sb.store.search('Observation', { _id: moved.id })[0]!;
      sb.store.update({ ...(now as Resource & { id: string }), subject: { reference: `Patient/${q}` } });
    }
    await compare('after writes, patient/*.rs', all);
    await compare('after writes, some types', some);
    // The index answering alone gives what a scan of every Observation gives.
    for (const who of [p, q]) {
      const scanned = kept.store.search('Observation').filter((r) => (r as { subject?: { reference?: string } }).subject?.reference === `Patient/${who}`).map((r) => r.id);
      const body = (await request(kept.app).get(`/fhir/Observation?patient=${who}&_count=10000&_elements=id`).set('Authorization', `Bearer ${all.kept}`).expect(200)).body as { entry?: { resource: { id: string } }[] };
      const found = (body.entry ?? []).map((e) => e.resource.id);
      if (who === p) assert.deepEqual(found, scanned.filter((id) => id !== moved.id));
      assert.ok(!found.includes(gone.id));
    }
  });
});
