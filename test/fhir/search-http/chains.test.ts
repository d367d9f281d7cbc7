import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../../src/index.js';
import { SEARCH_DATA } from './data.js';
import { assertBadRequest, matchKeys, type Bundle } from './helpers.js';

describe('chained, reverse-chained and composite search over HTTP', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.load(SEARCH_DATA);
  });
  after(() => sb.close());
  const get = (path: string): request.Test => request(sb.app).get(path);

  describe('forward chains', () => {
    it('follows a reference with a type modifier (subject:Patient.name)', async () => {
      const res = await get('/fhir/Observation?subject:Patient.name=smith').expect(200);
      assert.deepEqual(matchKeys(res), ['Observation/bp-b', 'Observation/hr-b']);
    });

    it('follows several levels (patient.organization.name)', async () => {
      const res = await get('/fhir/Observation?patient.organization.name=acme').expect(200);
      assert.deepEqual(matchKeys(res), ['Observation/bp-a', 'Observation/hr-a']);
    });

    it('takes a modifier on the last link and ORs its values', async () => {
      const exact = await get('/fhir/Observation?patient.name:exact=Lopez,Nobody').expect(200);
      assert.deepEqual(matchKeys(exact), ['Observation/bp-a', 'Observation/hr-a']);
      const none = await get('/fhir/Observation?patient.name:exact=lopez').expect(200);
      assert.deepEqual(matchKeys(none), []);
    });

    it('keeps the chain in the self link, and its next page applies it too', async () => {
      const res = await get('/fhir/Observation?subject:Patient.name=smith&_count=1').expect(200);
      const bundle = res.body as Bundle;
      assert.equal(bundle.total, 2);
      const next = new URL(bundle.link.find((l) => l.relation === 'next')!.url);
      assert.ok(next.search.includes('subject:Patient.name=smith'), next.search);
      const page2 = await get(next.pathname + next.search).expect(200);
      assert.deepEqual(matchKeys(page2), ['Observation/hr-b']);
    });

    it('tries every type an untyped reference may point to that has the parameter', async () => {
      const res = await get('/fhir/Observation?subject.name=lopez').expect(200);
      assert.deepEqual(matchKeys(res), ['Observation/bp-a', 'Observation/hr-a']);
    });

    it('refuses a type modifier the parameter cannot refer to', async () => {
      assertBadRequest(await get('/fhir/Observation?patient:Practitioner.name=x'), 'Practitioner');
    });
  });

  describe('the :identifier modifier', () => {
    it('matches a reference given by identifier only, and is not a chain', async () => {
      const res = await get('/fhir/Observation?performer:identifier=http://hl7.org/fhir/sid/us-npi|9999999698').expect(200);
      assert.deepEqual(matchKeys(res), ['Observation/hr-b']);
      const chain = await get('/fhir/Observation?patient:identifier=urn:example:mrn|A1').expect(200);
      assert.deepEqual(matchKeys(chain), [], 'the subject references carry no identifier');
    });
  });

  describe('_has', () => {
    it('selects the resources that matching resources refer to', async () => {
      const res = await get('/fhir/Patient?_has:Observation:patient:code=8867-4').expect(200);
      assert.deepEqual(matchKeys(res), ['Patient/pat-a', 'Patient/pat-b']);
    });

    it('takes a composite as the inner parameter', async () => {
      const res = await get('/fhir/Patient?_has:Observation:patient:component-code-value-quantity=http://loinc.org|8480-6$gt140').expect(200);
      assert.deepEqual(matchKeys(res), ['Patient/pat-a']);
    });

    it('nests (_has inside _has) and ANDs with other parameters', async () => {
      const nested = await get('/fhir/Organization?_has:Patient:organization:_has:Observation:patient:code=85354-9').expect(200);
      assert.deepEqual(matchKeys(nested), ['Organization/org-1']);
      const none = await get('/fhir/Patient?_has:Observation:patient:code=8867-4&gender=male&_has:MedicationRequest:patient:code=1').expect(200);
      assert.deepEqual(matchKeys(none), []);
    });

    it('refuses a reference that cannot point at the searched type', async () => {
      assertBadRequest(await get('/fhir/Patient?_has:Observation:encounter:code=1'), 'does not refer to Patient');
    });
  });

  describe('composite parameters', () => {
    it('matches every part on the same component, never across two', async () => {
      const systolic = await get('/fhir/Observation?component-code-value-quantity=http://loinc.org|8480-6$gt140').expect(200);
      assert.deepEqual(matchKeys(systolic), ['Observation/bp-a']);
      // bp-a has a value above 140 (its systolic), but not on its diastolic component.
      const diastolic = await get('/fhir/Observation?component-code-value-quantity=8462-4$gt140').expect(200);
      assert.deepEqual(matchKeys(diastolic), []);
    });

    it('supports code-value-quantity with OR values and combo-code-value-quantity over components', async () => {
      const or = await get('/fhir/Observation?code-value-quantity=8867-4$lt80,8867-4$gt90').expect(200);
      assert.deepEqual(matchKeys(or), ['Observation/hr-a', 'Observation/hr-b']);
      const combo = await get('/fhir/Observation?combo-code-value-quantity=8462-4$gt90').expect(200);
      assert.deepEqual(matchKeys(combo), ['Observation/bp-b']);
    });

    it('refuses a value with the wrong number of parts', async () => {
      assertBadRequest(await get('/fhir/Observation?code-value-quantity=8867-4'), 'code-value-quantity', '2 parts');
    });
  });

  describe('US Core race and ethnicity (extension-based parameters)', () => {
    it('finds patients by the ombCategory code, with or without its system', async () => {
      assert.deepEqual(matchKeys(await get('/fhir/Patient?race=2106-3').expect(200)), ['Patient/pat-a']);
      assert.deepEqual(
        matchKeys(await get('/fhir/Patient?race=urn:oid:2.16.840.1.113883.6.238|2054-5').expect(200)),
        ['Patient/pat-b'],
      );
      assert.deepEqual(matchKeys(await get('/fhir/Patient?ethnicity=2186-5').expect(200)), ['Patient/pat-a']);
    });
  });

  describe('dates on Periods', () => {
    it('eq needs the period inside the day; ge/le and ap overlap; an open end reaches forever', async () => {
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=2024-01-05').expect(200)), []);
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=2024-01').expect(200)), ['Encounter/enc-a']);
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=ge2024-01-05&date=le2024-01-05').expect(200)), ['Encounter/enc-a']);
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=gt2030-01-01').expect(200)), ['Encounter/enc-b']);
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=lt2024-02-01').expect(200)), ['Encounter/enc-a']);
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=sa2023-12-31').expect(200)), ['Encounter/enc-a', 'Encounter/enc-b']);
      assert.deepEqual(matchKeys(await get('/fhir/Encounter?date=eb2024-02-01').expect(200)), ['Encounter/enc-a']);
    });
  });
});
