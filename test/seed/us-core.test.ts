import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cvx from '../../seed/codes/cvx.js';
import * as demographics from '../../seed/codes/demographics.js';
import * as hl7 from '../../seed/codes/hl7.js';
import * as loinc from '../../seed/codes/loinc.js';
import * as problems from '../../seed/codes/problems.js';
import * as rxnorm from '../../seed/codes/rxnorm.js';
import * as snomed from '../../seed/codes/snomed.js';
import * as usCore from '../../seed/codes/us-core.js';
import { isValidNpi } from '../../seed/npi.js';
import { codings, defaultData, hasCode, references, type Json } from './helpers.js';

const data = defaultData() as Json[];
const of = (type: string): Json[] => data.filter((r) => r.resourceType === type);

/** Every Code of the curated tables, by `system|code`. */
function curated(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.system === 'string' && typeof v.code === 'string' && typeof v.display === 'string') out.set(`${v.system}|${v.code}`, v.display);
      Object.values(v).forEach(walk);
    }
  };
  for (const module of [cvx, demographics, hl7, loinc, problems, rxnorm, snomed, usCore]) walk(Object.values(module));
  return out;
}

describe('generated resources follow the US Core shapes', () => {
  it('gives patients an MRN, race, ethnicity and birth sex, a name, address, phone, language and GP', () => {
    for (const p of of('Patient')) {
      assert.ok(hasCode(p.identifier[0].type, 'MR'), p.id);
      const urls = p.extension.map((e: Json) => e.url);
      for (const u of ['us-core-race', 'us-core-ethnicity', 'us-core-birthsex']) assert.ok(urls.some((x: string) => x.endsWith(u)), `${p.id}: ${u}`);
      const race = p.extension.find((e: Json) => e.url.endsWith('us-core-race'));
      assert.deepEqual(race.extension.map((e: Json) => e.url).sort(), ['ombCategory', 'text']);
      assert.ok(p.name[0].family && p.name[0].given.length > 0 && p.address[0].postalCode && p.telecom.length > 0);
      assert.ok(p.communication[0].language.coding[0].code && p.generalPractitioner[0].reference.startsWith('Practitioner/'));
    }
  });

  it('gives practitioners valid NPIs and roles', () => {
    for (const p of of('Practitioner')) assert.ok(isValidNpi(p.identifier[0].value), `${p.id} ${p.identifier[0].value}`);
    assert.equal(of('PractitionerRole').length, of('Practitioner').length);
    const orgType = (o: Json): string => o.type[0].coding[0].code;
    assert.deepEqual(of('Organization').map(orgType), ['prov', 'pay', 'pay', 'pay']);
    assert.ok(of('Location').length >= 3);
    for (const r of of('PractitionerRole')) assert.match(r.endpoint[0].reference, /^Endpoint\//);
  });

  it('gives children a parent as RelatedPerson', () => {
    const related = of('RelatedPerson');
    assert.ok(related.length > 0);
    for (const r of related) assert.ok(['MTH', 'FTH'].includes(r.relationship[0].coding[0].code));
  });

  it('categorizes observations and conditions as US Core requires', () => {
    const categories = new Set(of('Observation').map((o) => o.category[0].coding[0].code));
    assert.deepEqual([...categories].sort(), ['care-experience-preference', 'imaging', 'laboratory', 'procedure', 'sdoh', 'social-history', 'survey', 'treatment-intervention-preference', 'vital-signs']);
    for (const o of of('Observation')) {
      assert.ok(
        ['http://terminology.hl7.org/CodeSystem/observation-category', 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category'].includes(o.category[0].coding[0].system),
        o.id,
      );
      assert.ok(o.subject && (o.effectiveDateTime ?? o.effectivePeriod.start) && o.meta.profile[0].startsWith('http://hl7.org/fhir/us/core/'), o.id);
    }
    for (const c of of('Condition')) assert.ok(['problem-list-item', 'encounter-diagnosis', 'health-concern'].includes(c.category[0].coding[0].code));
  });

  it('puts both pulse oximetry codes on oxygen saturation and both components on blood pressure', () => {
    const spo2 = of('Observation').filter((o) => hasCode(o.code, '59408-5'));
    assert.ok(spo2.length > 0 && spo2.every((o) => hasCode(o.code, '2708-6')));
    const bps = of('Observation').filter((o) => hasCode(o.code, '85354-9'));
    for (const bp of bps) {
      assert.ok(hasCode(bp.component[0].code, '8480-6') && hasCode(bp.component[1].code, '8462-4'));
      // Each component has a value in mm[Hg], or says why it has none.
      for (const c of bp.component) assert.ok(c.valueQuantity?.code === 'mm[Hg]' || (c.valueQuantity === undefined && c.dataAbsentReason.coding[0].code), bp.id);
    }
    assert.ok(bps.filter((bp) => bp.component[0].valueQuantity).length > bps.length * 0.9);
  });

  it('writes notes as plain text and care plans with narrative', () => {
    for (const d of of('DocumentReference')) {
      const attachment = d.content[0].attachment;
      assert.equal(attachment.contentType, 'text/plain');
      assert.match(Buffer.from(attachment.data, 'base64').toString('utf8'), /Reason for visit:/);
    }
    for (const c of of('CarePlan')) assert.match(c.text.div, /^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/);
    assert.ok(of('Goal').length > 0);
  });

  it('uses only codes of the curated tables, with their displays', () => {
    const table = curated();
    const unknown = new Set<string>();
    for (const r of data) {
      for (const c of codings(r)) {
        if (c.system === 'http://unitsofmeasure.org') continue;
        const display = table.get(`${c.system}|${c.code}`);
        if (display === undefined || (c.display !== undefined && c.display !== display)) unknown.add(`${c.system}|${c.code}|${c.display}`);
      }
    }
    assert.deepEqual([...unknown], []);
  });

  it('resolves every reference within the data set', () => {
    const keys = new Set(data.map((r) => `${r.resourceType}/${r.id}`));
    const dangling = new Set<string>();
    for (const r of data) for (const ref of references(r)) if (!keys.has(ref)) dangling.add(`${r.resourceType}/${r.id} -> ${ref}`);
    assert.deepEqual([...dangling], []);
  });
});
