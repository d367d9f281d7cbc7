import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../../src/index.js';
import { SEARCH_DATA } from './data.js';
import { assertBadRequest, matchKeys, type Bundle, type Entry } from './helpers.js';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

const isSubsetted = (resource: Record<string, unknown>): boolean => {
  const tags = ((resource.meta as { tag?: { system: string; code: string }[] } | undefined)?.tag ?? []);
  return tags.some((t) => t.system === SUBSETTED.system && t.code === SUBSETTED.code);
};

describe('search result parameters and system-level search over HTTP', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.load(SEARCH_DATA);
  });
  after(() => sb.close());
  const get = (path: string): request.Test => request(sb.app).get(path);
  const first = (res: request.Response): Entry['resource'] => (res.body as Bundle).entry![0]!.resource;

  describe('_summary', () => {
    it('count: the total only, no entries, and only a self link', async () => {
      const res = await get('/fhir/Observation?_summary=count&_count=1').expect(200);
      const bundle = res.body as Bundle;
      assert.equal(bundle.total, 4);
      assert.equal(bundle.entry, undefined);
      assert.deepEqual(bundle.link.map((l) => l.relation), ['self']);
    });

    it('true: the summary elements and the SUBSETTED tag', async () => {
      const patient = first(await get('/fhir/Patient?_id=pat-a&_summary=true').expect(200));
      assert.ok(isSubsetted(patient));
      assert.deepEqual(Object.keys(patient).sort(), ['birthDate', 'gender', 'id', 'identifier', 'managingOrganization', 'meta', 'name', 'resourceType']);
      const observation = first(await get('/fhir/Observation?_id=hr-a&_summary=true').expect(200));
      assert.ok('valueQuantity' in observation && 'code' in observation && 'status' in observation, 'value[x] and mandatory elements stay');
    });

    it('text: text, id, meta and the mandatory elements; data: everything but text', async () => {
      const text = first(await get('/fhir/Observation?_id=hr-a&_summary=text').expect(200));
      assert.deepEqual(Object.keys(text).sort(), ['code', 'id', 'meta', 'resourceType', 'status']);
      const data = first(await get('/fhir/Patient?_id=pat-a&_summary=data').expect(200));
      assert.ok(!('text' in data) && 'extension' in data && isSubsetted(data));
    });

    it('false, or none: resources whole and untagged', async () => {
      const whole = first(await get('/fhir/Patient?_id=pat-a&_summary=false').expect(200));
      assert.ok('text' in whole && 'extension' in whole && !isSubsetted(whole));
    });
  });

  describe('_elements', () => {
    it('keeps the named elements plus id and meta on the matches, tags them, and leaves included resources whole', async () => {
      const res = await get('/fhir/Patient?_id=pat-a&_elements=identifier,Patient.gender&_include=Patient:organization').expect(200);
      const [match, include] = (res.body as Bundle).entry!;
      assert.deepEqual(Object.keys(match!.resource).sort(), ['gender', 'id', 'identifier', 'meta', 'resourceType']);
      assert.ok(isSubsetted(match!.resource));
      assert.equal(include!.search.mode, 'include');
      assert.ok('name' in include!.resource && !isSubsetted(include!.resource));
      const self = (res.body as Bundle).link.find((l) => l.relation === 'self')!.url;
      assert.match(self, /_elements=identifier,gender/);
    });

    it('keeps mandatory elements even when not named', async () => {
      const observation = first(await get('/fhir/Observation?_id=hr-a&_elements=subject').expect(200));
      assert.deepEqual(Object.keys(observation).sort(), ['code', 'id', 'meta', 'resourceType', 'status', 'subject']);
    });

    it('refuses nested paths and a combination with _summary=true', async () => {
      assertBadRequest(await get('/fhir/Patient?_elements=name.family'), '_elements');
      assertBadRequest(await get('/fhir/Patient?_elements=name&_summary=true'), '_summary');
    });
  });

  describe('on read and vread', () => {
    it('applies _summary and _elements, tags SUBSETTED, and refuses _summary=count', async () => {
      const summary = (await get('/fhir/Patient/pat-a?_summary=true').expect(200)).body as Record<string, unknown>;
      assert.ok(isSubsetted(summary) && !('extension' in summary) && 'name' in summary);
      const elements = (await get('/fhir/Patient/pat-a/_history/1?_elements=gender').expect(200)).body as Record<string, unknown>;
      assert.deepEqual(Object.keys(elements).sort(), ['gender', 'id', 'meta', 'resourceType']);
      const whole = (await get('/fhir/Patient/pat-a').expect(200)).body as Record<string, unknown>;
      assert.ok('extension' in whole && !isSubsetted(whole));
      assertBadRequest(await get('/fhir/Patient/pat-a?_summary=count'), '_summary');
    });
  });

  describe('_include:iterate and _revinclude:iterate', () => {
    it('follow references from included resources too', async () => {
      const forward = await get('/fhir/MedicationRequest?_id=mr-c&_include=MedicationRequest:patient&_include:iterate=Patient:organization').expect(200);
      const entries = (forward.body as Bundle).entry!.map((e) => `${e.search.mode} ${e.resource.resourceType}/${e.resource.id}`);
      assert.deepEqual(entries, ['match MedicationRequest/mr-c', 'include Patient/pat-a', 'include Organization/org-1']);
      const self = (forward.body as Bundle).link.find((l) => l.relation === 'self')!.url;
      assert.match(self, /_include:iterate=Patient:organization/);
      const reverse = await get('/fhir/Organization?_id=org-1&_revinclude=Patient:organization&_revinclude:iterate=Observation:patient').expect(200);
      const keys = (reverse.body as Bundle).entry!.map((e) => `${e.resource.resourceType}/${e.resource.id}`);
      assert.deepEqual(keys, ['Organization/org-1', 'Patient/pat-a', 'Observation/bp-a', 'Observation/hr-a']);
    });
  });

  describe('_type on the system-level search', () => {
    it('searches the named types with parameters common to them, in _type order', async () => {
      const res = await get('/fhir?_type=Organization,Patient&_id=pat-a,org-1,bp-a').expect(200);
      assert.deepEqual(matchKeys(res), ['Organization/org-1', 'Patient/pat-a']);
      const self = (res.body as Bundle).link.find((l) => l.relation === 'self')!.url;
      assert.match(self, /\/fhir\?_type=Organization,Patient&_id=pat-a,org-1,bp-a/);
    });

    it('searches every type without _type, sorts by a common parameter, and pages with working links', async () => {
      const res = await get('/fhir?_id=pat-a,hr-b,org-1&_sort=-_id&_count=2').expect(200);
      const bundle = res.body as Bundle;
      assert.equal(bundle.total, 3);
      assert.deepEqual(matchKeys(res), ['Patient/pat-a', 'Organization/org-1']);
      const next = new URL(bundle.link.find((l) => l.relation === 'next')!.url);
      assert.deepEqual(matchKeys(await get(next.pathname + next.search).expect(200)), ['Observation/hr-b']);
    });

    it('answers POST [base]/_search like GET', async () => {
      const res = await request(sb.app).post('/fhir/_search').type('form').send({ _type: 'Patient', gender: 'male' }).expect(200);
      assert.deepEqual(matchKeys(res), ['Patient/pat-b']);
    });

    it('refuses unknown types and parameters that some of the types lack', async () => {
      assertBadRequest(await get('/fhir?_type=Patient,Nope'), 'Nope');
      assertBadRequest(await get('/fhir?_type=Patient,Observation&code=8867-4'), 'code', 'Patient');
      assertBadRequest(await get('/fhir?_type=Patient&_include=Patient:organization'), '_include');
    });

    it('counts with _summary=count', async () => {
      const res = await get('/fhir?_type=Patient,Observation&_summary=count').expect(200);
      assert.equal((res.body as Bundle).total, 6);
      assert.equal((res.body as Bundle).entry, undefined);
    });
  });

  describe('the ap prefix reads the sandbox clock', () => {
    it('widens by 10% of the distance from the sandbox now, not from the real now', async () => {
      const clocked = await createSandbox({ patients: 0, open: true, clock: { now: () => Date.UTC(1970, 0, 1) } });
      try {
        clocked.store.load(SEARCH_DATA);
        // Seen from 1970-01-01 a date in 1970 is "now": almost no margin, so 1970-01-01 is not
        // approximately 1970-03-01. Seen from the real clock the margin would be years.
        const near = await request(clocked.app).get('/fhir/Patient?birthdate=ap1970-03-01').expect(200);
        assert.deepEqual(matchKeys(near), []);
        clocked.clock.advance(100 * 365 * 86_400_000);
        const far = await request(clocked.app).get('/fhir/Patient?birthdate=ap1970-03-01').expect(200);
        assert.deepEqual(matchKeys(far), ['Patient/pat-a']);
      } finally {
        await clocked.close();
      }
    });
  });
});
