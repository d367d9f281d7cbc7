/**
 * Clinical plausibility of the US Core additions: who is asked what, a record that ends at
 * death, Provenance that names each record's real author, coverage, screening questionnaires
 * and what is derived from them, pediatric percentiles, orders, specimens and results.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageAtMedianHeight, heightMedian } from '../../seed/growth.js';
import { bmiForAgePercentile, headCircumferencePercentile, weightForLengthPercentile } from '../../seed/percentiles.js';
import { ageAt, byPatient, defaultData, hasCode, type Json } from './helpers.js';

const data = defaultData() as Json[];
const charts = byPatient(data);
const patients = [...charts.values()].map((rs) => ({ patient: rs.find((r) => r.resourceType === 'Patient') as Json, rs }));
const byKey = new Map(data.map((r) => [`${r.resourceType}/${r.id}`, r]));
const resolve = (reference: string): Json => byKey.get(reference);
const profiled = (rs: Json[], name: string): Json[] => rs.filter((r) => (r.meta.profile ?? []).includes(`http://hl7.org/fhir/us/core/StructureDefinition/${name}`));
/** The person who wrote a record: the first of these that names a practitioner, the patient or a relative. */
function writer(r: Json): string | undefined {
  const candidates = [r.recorder, r.requester, r.author?.[0] ?? r.author, r.asserter, r.expressedBy, r.performer?.[0]?.actor ?? r.performer?.[0], r.participant?.[0]?.individual, r.collection?.collector, r.operator];
  return candidates.map((c) => c?.reference).find((ref) => /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\//.test(ref ?? ''));
}
const when = (r: Json): string | undefined =>
  r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.authored ?? r.authoredOn ?? r.occurrenceDateTime ?? r.performedDateTime ?? r.performedPeriod?.start ?? r.period?.start ?? r.date ?? r.recordedDate;

describe('the US Core additions are clinically plausible', () => {
  it('asks pregnancy status and intent only of women of reproductive age, sexual orientation only of adults', () => {
    let asked = 0;
    for (const { patient, rs } of patients) {
      for (const o of [...profiled(rs, 'us-core-observation-pregnancystatus'), ...profiled(rs, 'us-core-observation-pregnancyintent')]) {
        const age = ageAt(patient, o.effectiveDateTime);
        assert.ok(patient.gender === 'female' && age >= 15 && age < 50, `${patient.id}: pregnancy question at ${age.toFixed(1)}`);
        asked++;
      }
      for (const o of profiled(rs, 'us-core-observation-sexual-orientation')) assert.ok(ageAt(patient, o.effectiveDateTime) >= 18, patient.id);
    }
    assert.ok(asked > 0);
  });

  it('ends the record of a deceased patient at death', () => {
    const deceased = patients.filter(({ patient }) => patient.deceasedDateTime);
    assert.ok(deceased.length > 0, 'the default data has a deceased patient');
    for (const { patient, rs } of deceased) {
      const death = patient.deceasedDateTime;
      for (const r of rs) {
        const t = when(r);
        if (t && r.resourceType !== 'Coverage' && r.resourceType !== 'CareTeam') assert.ok(t <= death, `${r.resourceType}/${r.id} at ${t}, after death at ${death}`);
      }
      for (const e of rs.filter((r) => r.resourceType === 'Encounter')) assert.ok(e.period.end <= death);
      assert.deepEqual(rs.filter((r) => r.resourceType === 'MedicationRequest' && r.status === 'active').map((r) => r.id), []);
      assert.deepEqual(rs.filter((r) => (r.resourceType === 'CarePlan' && r.status === 'active') || (r.resourceType === 'Goal' && r.lifecycleStatus === 'active')), []);
      const coverage = rs.find((r) => r.resourceType === 'Coverage');
      assert.equal(coverage.status, 'cancelled');
      assert.equal(coverage.period.end, death.slice(0, 10));
      assert.equal(rs.find((r) => r.resourceType === 'CareTeam').status, 'inactive');
      assert.ok(ageAt(patient, death) >= 85, 'a very old patient');
    }
  });

  it('names the real author of every record in exactly one Provenance', () => {
    const provenanceOf = new Map<string, Json>();
    for (const p of data.filter((r) => r.resourceType === 'Provenance')) {
      for (const t of p.target) {
        assert.ok(!provenanceOf.has(t.reference), `${t.reference} in two Provenance resources`);
        provenanceOf.set(t.reference, p);
      }
    }
    for (const r of data) {
      if (r.resourceType === 'Provenance') continue;
      const p = provenanceOf.get(`${r.resourceType}/${r.id}`);
      assert.ok(p, `${r.resourceType}/${r.id} has no Provenance`);
      const author = p.agent.find((a: Json) => a.type.coding[0].code === 'author');
      const expected = writer(r) ?? 'Organization/org-1';
      assert.equal(author.who.reference, expected, `${r.resourceType}/${r.id}`);
      assert.ok(p.recorded >= r.meta.lastUpdated, `${p.id} recorded before ${r.id} was written`);
      assert.equal(p.agent.find((a: Json) => a.type.coding[0].code === 'transmitter').who.reference, 'Organization/org-1');
    }
  });

  it('covers every patient by a plan whose payer is an Organization; Medicare from 65 only', () => {
    for (const { patient, rs } of patients) {
      const coverage = rs.filter((r) => r.resourceType === 'Coverage');
      assert.equal(coverage.length, 1, patient.id);
      const c = coverage[0];
      const payer = resolve(c.payor[0].reference);
      assert.equal(payer.resourceType, 'Organization');
      assert.ok(hasCode(payer.type[0], 'pay'), payer.id);
      if (hasCode(c.type, '1')) assert.ok(ageAt(patient, c.period.start) >= 64.9, `${patient.id}: Medicare before 65`);
      if (c.relationship.coding[0].code === 'child') assert.equal(resolve(c.subscriber.reference).resourceType, 'RelatedPerson');
      else assert.equal(c.subscriber.reference, `Patient/${patient.id}`);
    }
  });

  it('derives each screening Observation from the answers of a QuestionnaireResponse of the same patient and visit', () => {
    let derived = 0;
    for (const o of profiled(data, 'us-core-observation-screening-assessment')) {
      const qr = resolve(o.derivedFrom[0].reference);
      assert.equal(qr.subject.reference, o.subject.reference);
      assert.equal(qr.encounter.reference, o.encounter.reference);
      if (o.hasMember) continue;
      // Every item of the response: groups' items and the follow-ups nested in answers too.
      const all = (items: Json[]): Json[] => items.flatMap((i: Json) => [i, ...all(i.item ?? []), ...all((i.answer ?? []).flatMap((a: Json) => a.item ?? []))]);
      const item = all(qr.item).find((i: Json) => i.answer && i.linkId.endsWith(`/${o.code.coding[0].code}`));
      const answer = item.answer[0];
      if (o.valueQuantity) assert.equal(o.valueQuantity.value, answer.valueDecimal, o.id);
      else if (o.valueString !== undefined) assert.equal(o.valueString, answer.valueString, o.id);
      else assert.equal(o.valueCodeableConcept.coding[0].code, answer.valueCoding.code, o.id);
      derived++;
    }
    assert.ok(derived > 0);
  });

  it('scores the PHQ-2 as the sum of its answers', () => {
    const points = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];
    const phq = data.filter((r) => r.resourceType === 'QuestionnaireResponse' && r.questionnaire.endsWith('55757-9'));
    assert.ok(phq.length > 0);
    for (const qr of phq) {
      const coded = qr.item.filter((i: Json) => i.answer[0].valueCoding).map((i: Json) => points.indexOf(i.answer[0].valueCoding.code));
      const total = qr.item.find((i: Json) => i.linkId === '/55758-7').answer[0].valueDecimal;
      assert.equal(total, coded[0] + coded[1], qr.id);
    }
  });

  it('finds food insecurity only where a Hunger Vital Sign screen is positive, from the first positive screen', () => {
    for (const { patient, rs } of patients) {
      const risk = rs
        .filter((r) => r.resourceType === 'Observation' && hasCode(r.code, '88124-3'))
        .sort((a, b) => (a.effectiveDateTime < b.effectiveDateTime ? -1 : 1));
      const concern = rs.find((r) => r.resourceType === 'Condition' && hasCode(r.code, '733423003'));
      const firstPositive = risk.find((o) => hasCode(o.valueCodeableConcept, 'LA19952-3'));
      assert.equal(concern === undefined, firstPositive === undefined, patient.id);
      if (!concern) continue;
      assert.equal(concern.onsetDateTime, firstPositive.effectiveDateTime.slice(0, 10));
      if (concern.abatementDateTime) {
        const negative = risk.find((o) => o.effectiveDateTime > firstPositive.effectiveDateTime && hasCode(o.valueCodeableConcept, 'LA19983-8'));
        assert.ok(negative && concern.clinicalStatus.coding[0].code === 'resolved', patient.id);
      }
    }
  });

  it('gives pediatric percentiles that match the measurements taken at the same visit', () => {
    let checked = 0;
    for (const { patient, rs } of patients) {
      const atVisit = (o: Json, code: string): number | undefined =>
        rs.find((r) => r.resourceType === 'Observation' && r.encounter?.reference === o.encounter.reference && hasCode(r.code, code))?.valueQuantity.value;
      for (const o of rs.filter((r) => r.resourceType === 'Observation' && ['59576-9', '77606-2', '8289-1'].includes(r.code.coding[0].code))) {
        const age = ageAt(patient, o.effectiveDateTime);
        const code = o.code.coding[0].code;
        const expected =
          code === '59576-9'
            ? bmiForAgePercentile(patient.gender, age, atVisit(o, '39156-5') ?? NaN)
            : code === '77606-2'
              ? weightForLengthPercentile(patient.gender, atVisit(o, '8302-2') ?? NaN, atVisit(o, '29463-7') ?? NaN)
              : headCircumferencePercentile(patient.gender, age, atVisit(o, '9843-4') ?? NaN);
        assert.ok(Math.abs(o.valueQuantity.value - expected) <= 0.5, `${o.id}: ${o.valueQuantity.value} vs ${expected}`);
        assert.ok(code === '59576-9' ? age >= 2 && age < 20 : age < 2, `${o.id} at ${age.toFixed(2)} years`);
        checked++;
      }
    }
    assert.ok(checked > 50);
  });

  it('finds the age of a median length by inverting the median curve', () => {
    for (const sex of ['female', 'male'] as const) {
      for (const age of [0, 0.1, 0.5, 1, 1.7, 2, 5, 12]) assert.ok(Math.abs(ageAtMedianHeight(sex, heightMedian(sex, age)) - age) < 1e-9, `${sex} ${age}`);
    }
  });

  it('takes specimens from the patient tested, and resulted tests agree with the diagnosis', () => {
    const strep = data.filter((r) => r.resourceType === 'Observation' && hasCode(r.code, '78012-2'));
    assert.ok(strep.length > 0);
    for (const o of data.filter((r) => r.resourceType === 'Observation' && r.specimen)) {
      const specimen = resolve(o.specimen.reference);
      assert.equal(specimen.subject.reference, o.subject.reference);
      assert.ok(specimen.collection.collectedDateTime <= o.effectiveDateTime);
      assert.equal(specimen.request[0].reference, o.basedOn[0].reference);
    }
    for (const o of strep) {
      const diagnosis = data.find((r) => r.resourceType === 'Condition' && r.encounter?.reference === o.encounter.reference);
      assert.equal(hasCode(o.valueCodeableConcept, '10828004'), hasCode(diagnosis.code, '43878008'), o.id);
    }
  });

  it('fills only active prescriptions, after they are written, and implants pacemakers only with atrial fibrillation', () => {
    const dispenses = data.filter((r) => r.resourceType === 'MedicationDispense');
    assert.ok(dispenses.length > 0);
    for (const d of dispenses) {
      const order = resolve(d.authorizingPrescription[0].reference);
      assert.ok(order.status === 'active' || order.status === 'stopped', d.id);
      assert.ok(d.whenHandedOver >= order.authoredOn && d.whenHandedOver <= '2026-01-01', d.id);
      assert.deepEqual(d.medicationReference ?? d.medicationCodeableConcept, order.medicationReference ?? order.medicationCodeableConcept);
      if (d.medicationReference) assert.equal(resolve(d.medicationReference.reference).resourceType, 'Medication');
    }
    for (const device of data.filter((r) => r.resourceType === 'Device')) {
      const rs = charts.get(device.patient.reference.slice('Patient/'.length)) ?? [];
      assert.ok(rs.some((r) => r.resourceType === 'Condition' && hasCode(r.code, '49436004')), device.id);
      assert.ok(device.udiCarrier[0].carrierHRF.startsWith(`(01)${device.udiCarrier[0].deviceIdentifier}`));
    }
  });

  it('bases ECGs and chest X-rays on an order of the same visit, and reports on them', () => {
    const based = data.filter((r) => r.resourceType === 'Procedure' && r.basedOn);
    assert.ok(based.length > 0);
    for (const p of based) {
      const order = resolve(p.basedOn[0].reference);
      assert.equal(order.code.coding[0].code, p.code.coding[0].code);
      assert.equal(order.encounter.reference, p.encounter.reference);
      assert.ok(order.authoredOn <= (p.performedDateTime ?? p.performedPeriod.start));
      const report = data.find((r) => r.resourceType === 'DiagnosticReport' && r.basedOn?.[0].reference === p.basedOn[0].reference);
      assert.ok(report?.presentedForm[0].data, `${p.id} has a report`);
    }
  });
  it('records a job only for adults, during working age, and its industry in the component', () => {
    const ODH = 'http://terminology.hl7.org/CodeSystem/PHOccupationalDataForHealthODH';
    let jobs = 0;
    for (const { patient, rs } of patients) {
      for (const o of profiled(rs, 'us-core-observation-occupation')) {
        const { start, end } = o.effectivePeriod;
        assert.ok(ageAt(patient, start) >= 18, `${o.id}: job started at ${ageAt(patient, start).toFixed(1)}`);
        if (end) assert.ok(start < end && ageAt(patient, end) <= 66, o.id);
        const visit = resolve(o.encounter.reference);
        assert.ok(start <= visit.period.start && (end === undefined || end <= visit.period.start), o.id);
        assert.equal(o.valueCodeableConcept.coding[0].system, ODH);
        for (const c of o.component ?? []) assert.ok(hasCode(c.code, '86188-0') && c.valueCodeableConcept.coding[0].system === ODH, o.id);
        jobs++;
      }
    }
    assert.ok(jobs > 0);
  });

  it('gives pack-years only to adults who smoke or smoked, no more than they could have smoked', () => {
    let counted = 0;
    for (const { patient, rs } of patients) {
      for (const o of rs.filter((r) => r.resourceType === 'Observation' && hasCode(r.code, '401201003'))) {
        const status = rs.find((r) => r.resourceType === 'Observation' && hasCode(r.code, '72166-2') && r.encounter?.reference === o.encounter.reference);
        assert.ok(status && !hasCode(status.valueCodeableConcept, '266919005'), `${o.id}: pack-years of a never smoker`);
        const age = ageAt(patient, o.effectiveDateTime);
        assert.ok(age >= 18 && o.valueQuantity.value > 0 && o.valueQuantity.value <= 1.5 * (age - 14), `${o.id}: ${o.valueQuantity.value} pack-years at ${age.toFixed(0)}`);
        counted++;
      }
    }
    assert.ok(counted > 0);
  });

  it('reads atrial fibrillation on an ECG only with the diagnosis, and shows the tracing of every ECG report', () => {
    let ecgs = 0;
    for (const { rs } of patients) {
      const fibrillation = rs.some((r) => r.resourceType === 'Condition' && hasCode(r.code, '49436004'));
      for (const o of rs.filter((r) => r.resourceType === 'Observation' && hasCode(r.code, '8884-9'))) {
        assert.ok(!hasCode(o.valueCodeableConcept, '49436004') || fibrillation, o.id);
      }
      for (const report of rs.filter((r) => r.resourceType === 'DiagnosticReport' && hasCode(r.code, '11524-6'))) {
        const media = resolve(report.media[0].link.reference);
        assert.equal(media.subject.reference, report.subject.reference);
        assert.equal(media.encounter.reference, report.encounter.reference);
        assert.match(Buffer.from(media.content.data, 'base64').toString('utf8'), /^<svg [^>]*><title>Lead II rhythm strip<\/title><polyline /);
        ecgs++;
      }
    }
    assert.ok(ecgs > 0);
  });

  it('records adherence only on renewed prescriptions, as the patient reported it at the renewal visit', () => {
    let reported = 0;
    for (const { rs } of patients) {
      for (const m of rs.filter((r) => r.resourceType === 'MedicationRequest' && r.extension)) {
        const [adherence, asserted, source] = m.extension[0].extension;
        assert.equal(adherence.url, 'medicationAdherence');
        assert.equal(m.status, 'active');
        const drug = JSON.stringify(m.medicationCodeableConcept ?? m.medicationReference);
        const earlier = rs.filter((r) => r.resourceType === 'MedicationRequest' && r.status === 'completed' && JSON.stringify(r.medicationCodeableConcept ?? r.medicationReference) === drug && r.authoredOn < m.authoredOn);
        assert.ok(earlier.length > 0, `${m.id}: adherence without an earlier order`);
        assert.equal(asserted.valueDateTime, resolve(m.encounter.reference).period.start);
        assert.ok(hasCode(source.valueCodeableConcept, '116154003'));
        reported++;
      }
    }
    assert.ok(reported > 0);
  });

  it('derives alcohol use status from a drinks-per-day answer above zero, and says why an average has no diastolic value', () => {
    let derived = 0;
    for (const o of data.filter((r) => r.resourceType === 'Observation' && hasCode(r.code, '11331-6'))) {
      const source = resolve(o.derivedFrom[0].reference);
      assert.ok(hasCode(source.code, '74013-4') && source.valueQuantity.value > 0 && source.encounter.reference === o.encounter.reference, o.id);
      derived++;
    }
    assert.ok(derived > 0);
    for (const o of profiled(data, 'us-core-average-blood-pressure')) {
      const missing = o.component.filter((c: Json) => c.valueQuantity === undefined);
      for (const c of missing) assert.ok(hasCode(c.code, '96609-3') && c.dataAbsentReason.coding[0].code, o.id);
      assert.equal(missing.length > 0, /no diastolic values/.test(o.note[0].text), o.id);
    }
  });
});
