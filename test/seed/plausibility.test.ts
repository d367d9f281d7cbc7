import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedAt } from '../../seed/immunizations.js';
import { ageAt, byPatient, defaultData, hasCode, observations, type Json } from './helpers.js';

const data = defaultData();
const charts = byPatient(data);
const patients = [...charts.values()].map((rs) => ({ patient: rs.find((r) => r.resourceType === 'Patient') as Json, rs }));

const SNOMED = 'http://snomed.info/sct';
const problemList = (rs: Json[], snomed: string): Json | undefined =>
  rs.find((r) => r.resourceType === 'Condition' && r.category[0].coding[0].code === 'problem-list-item' && hasCode(r.code, snomed, SNOMED));
const medicationResources = new Map((data as Json[]).filter((r) => r.resourceType === 'Medication').map((m) => [`Medication/${m.id}`, m]));
/** The drug of a prescription: its code, or the code of the Medication it refers to. */
const drugOf = (r: Json): Json => r.medicationCodeableConcept ?? medicationResources.get(r.medicationReference?.reference)?.code;
const medications = (rs: Json[], codes: string[]): Json[] =>
  rs.filter((r) => r.resourceType === 'MedicationRequest' && codes.some((c) => hasCode(drugOf(r), c)));
const quantity = (o: Json): number => o.valueQuantity.value;
/** A prescription still taken, or one stopped at the patient's death. */
const ongoing = (patient: Json, m: Json): boolean => m.status === 'active' || (patient.deceasedDateTime !== undefined && m.status === 'stopped');
const encounterOf = (o: Json): string => o.encounter?.reference;

describe('generated charts are clinically plausible', () => {
  it('covers every age from newborns to the very old, and both sexes', () => {
    const ages = patients.map(({ patient }) => ageAt(patient, '2026-01-01'));
    assert.ok(ages.some((a) => a < 1 / 12), 'a newborn');
    assert.ok(ages.some((a) => a >= 0.1 && a < 1), 'an infant');
    assert.ok(ages.some((a) => a >= 1 && a < 6), 'a young child');
    assert.ok(ages.some((a) => a >= 6 && a < 12), 'a school-age child');
    assert.ok(ages.some((a) => a >= 12 && a < 18), 'an adolescent');
    assert.ok(ages.some((a) => a >= 18 && a < 65), 'an adult');
    assert.ok(ages.some((a) => a >= 85), 'a very old patient');
    const sexes = new Set(patients.map(({ patient }) => patient.gender));
    assert.deepEqual([...sexes].sort(), ['female', 'male']);
  });

  it('gives every diabetic an HbA1c of 6.5% or more and metformin', () => {
    let diabetics = 0;
    for (const { rs, patient } of patients) {
      const dm = problemList(rs, '44054006');
      if (!dm) continue;
      diabetics++;
      const a1c = observations(rs, '4548-4').filter((o) => o.effectiveDateTime >= dm.onsetDateTime).map(quantity);
      assert.ok(a1c.some((v) => v >= 6.5), `${patient.id}: HbA1c ${a1c.join(', ')}`);
      assert.ok(medications(rs, ['860975']).some((m) => ongoing(patient, m)), `${patient.id}: metformin`);
    }
    assert.ok(diabetics > 0, 'the default data set has diabetics');
  });

  it('gives every hypertensive an antihypertensive and raised blood pressure readings', () => {
    let hypertensives = 0;
    for (const { rs, patient } of patients) {
      const htn = problemList(rs, '59621000');
      if (!htn) continue;
      hypertensives++;
      assert.ok(medications(rs, ['314076', '197361', '310798']).some((m) => ongoing(patient, m)), `${patient.id}: antihypertensive`);
      const readings = observations(rs, '85354-9').filter((o) => o.effectiveDateTime >= htn.onsetDateTime);
      const raised = readings.filter((o) => o.component[0].valueQuantity.value >= 130 || o.component[1].valueQuantity.value >= 80);
      assert.ok(raised.length > 0, `${patient.id}: raised blood pressure`);
    }
    assert.ok(hypertensives > 0);
  });

  it('gives every asthmatic an inhaler', () => {
    let asthmatics = 0;
    for (const { rs, patient } of patients) {
      if (!problemList(rs, '195967001')) continue;
      asthmatics++;
      assert.ok(medications(rs, ['745679']).length > 0, `${patient.id}: albuterol inhaler`);
    }
    assert.ok(asthmatics > 0);
  });

  it('computes BMI from the weight and height of the same visit', () => {
    let checked = 0;
    for (const { rs } of patients) {
      for (const bmi of observations(rs, '39156-5')) {
        const enc = encounterOf(bmi);
        const weight = observations(rs, '29463-7').find((o) => encounterOf(o) === enc);
        const height = observations(rs, '8302-2').find((o) => encounterOf(o) === enc);
        assert.ok(weight && height, `${bmi.id}: weight and height of the visit`);
        const expected = quantity(weight) / (quantity(height) / 100) ** 2;
        assert.ok(Math.abs(quantity(bmi) - expected) <= 0.051, `${bmi.id}: ${quantity(bmi)} vs ${expected}`);
        checked++;
      }
    }
    assert.ok(checked > 100);
  });

  it('never lets a child get shorter', () => {
    for (const { rs, patient } of patients) {
      const heights = observations(rs, '8302-2')
        .filter((o) => ageAt(patient, o.effectiveDateTime) < 20)
        .sort((a, b) => (a.effectiveDateTime < b.effectiveDateTime ? -1 : 1));
      for (let i = 1; i < heights.length; i++) {
        assert.ok(quantity(heights[i]) >= quantity(heights[i - 1]), `${patient.id}: ${quantity(heights[i - 1])} then ${quantity(heights[i])}`);
      }
    }
  });

  it('lets an adult weight drift, not jump', () => {
    for (const { rs, patient } of patients) {
      const weights = observations(rs, '29463-7')
        .filter((o) => ageAt(patient, o.effectiveDateTime) >= 20)
        .sort((a, b) => (a.effectiveDateTime < b.effectiveDateTime ? -1 : 1));
      for (let i = 1; i < weights.length; i++) {
        const months = (Date.parse(weights[i].effectiveDateTime) - Date.parse(weights[i - 1].effectiveDateTime)) / (30.44 * 864e5);
        const change = Math.abs(quantity(weights[i]) - quantity(weights[i - 1]));
        assert.ok(change <= 2 + 0.75 * months, `${patient.id}: ${change.toFixed(1)} kg in ${months.toFixed(1)} months`);
      }
    }
  });

  it('keeps vital signs in plausible ranges for age', () => {
    const ranges: Record<string, [number, number]> = { '8867-4': [45, 200], '9279-1': [10, 70], '8310-5': [35.5, 40.5], '2708-6': [82, 100] };
    for (const { rs, patient } of patients) {
      for (const [code, [lo, hi]] of Object.entries(ranges)) {
        for (const o of observations(rs, code)) assert.ok(quantity(o) >= lo && quantity(o) <= hi, `${patient.id} ${code} ${quantity(o)}`);
      }
      for (const bp of observations(rs, '85354-9')) {
        assert.ok(ageAt(patient, bp.effectiveDateTime) >= 3, `${patient.id}: blood pressure under 3`);
        if (bp.component[0].dataAbsentReason) {
          assert.ok(ageAt(patient, bp.effectiveDateTime) < 6, `${patient.id}: a blood pressure not obtained from a young child`);
          continue;
        }
        const [sys, dia] = bp.component.map((c: Json) => c.valueQuantity.value);
        assert.ok(sys > dia && sys >= 80 && sys <= 190 && dia >= 40 && dia <= 110, `${patient.id}: ${sys}/${dia}`);
      }
      for (const hc of observations(rs, '9843-4')) assert.ok(ageAt(patient, hc.effectiveDateTime) < 2, `${patient.id}: head circumference`);
    }
  });

  it('draws no lipid panel before the age of 9', () => {
    for (const { rs, patient } of patients) {
      for (const o of [...observations(rs, '2093-3'), ...rs.filter((r) => r.resourceType === 'DiagnosticReport' && hasCode(r.code, '57698-3'))]) {
        assert.ok(ageAt(patient, o.effectiveDateTime) >= 9, `${patient.id}: lipid panel at ${ageAt(patient, o.effectiveDateTime)}`);
      }
    }
  });

  it('flags each lab result by its reference range', () => {
    let flagged = 0;
    for (const o of data as Json[]) {
      if (o.resourceType !== 'Observation' || o.category[0].coding[0].code !== 'laboratory' || !o.valueQuantity) continue;
      const value = quantity(o);
      const { low, high } = o.referenceRange[0];
      const flag = o.interpretation[0].coding[0].code;
      const expected = low && value < low.value ? 'L' : high && value > high.value ? 'H' : 'N';
      assert.equal(flag, expected, `${o.id}: ${value} in ${low?.value}-${high?.value}`);
      assert.equal(o.valueQuantity.system, 'http://unitsofmeasure.org');
      if (flag !== 'N') flagged++;
    }
    assert.ok(flagged > 0, 'some results are out of range');
  });

  it('groups every lab result under a DiagnosticReport of its visit', () => {
    const reported = new Set<string>();
    for (const r of data as Json[]) {
      if (r.resourceType !== 'DiagnosticReport') continue;
      for (const res of r.result) reported.add(res.reference);
    }
    for (const o of data as Json[]) {
      if (o.resourceType === 'Observation' && o.category[0].coding[0].code === 'laboratory') assert.ok(reported.has(`Observation/${o.id}`), o.id);
    }
  });

  it('gives immunizations only at ages the schedule gives them', () => {
    for (const { rs, patient } of patients) {
      for (const imm of rs.filter((r) => r.resourceType === 'Immunization')) {
        const cvx = imm.vaccineCode.coding[0].code;
        const age = ageAt(patient, imm.occurrenceDateTime);
        assert.ok(allowedAt(cvx, age), `${patient.id}: CVX ${cvx} at ${age.toFixed(2)} years`);
      }
    }
  });

  it('gives the routine childhood series to young children', () => {
    for (const { rs, patient } of patients) {
      const age = ageAt(patient, '2026-01-01');
      if (age < 2 || age > 6) continue;
      const cvx = new Set(rs.filter((r) => r.resourceType === 'Immunization').map((r) => r.vaccineCode.coding[0].code));
      for (const code of ['08', '20', '10', '03', '21']) assert.ok(cvx.has(code), `${patient.id} (${age.toFixed(1)}): CVX ${code}`);
    }
  });

  it('asks smoking status of adolescents and adults only', () => {
    for (const { rs, patient } of patients) {
      const status = observations(rs, '72166-2');
      for (const o of status) assert.ok(ageAt(patient, o.effectiveDateTime) >= 12);
      if (ageAt(patient, '2025-06-01') >= 13) assert.ok(status.length > 0, `${patient.id}: smoking status`);
    }
  });

  it('gives each encounter a practitioner, a location and a reason; hospital stays an admission period', () => {
    for (const e of data as Json[]) {
      if (e.resourceType !== 'Encounter') continue;
      assert.match(e.participant[0].individual.reference, /^Practitioner\//);
      assert.match(e.location[0].location.reference, /^Location\//);
      assert.ok((e.reasonCode ?? e.reasonReference ?? []).length > 0, `${e.id}: reason`);
      if (e.class.code === 'IMP') {
        assert.ok(e.hospitalization, `${e.id}: hospitalization`);
        assert.ok(Date.parse(e.period.end) - Date.parse(e.period.start) >= 18 * 3600e3, `${e.id}: an overnight stay`);
      }
    }
  });

  it('leaves nothing in the future of the reference date', () => {
    const keys = ['effectiveDateTime', 'issued', 'authoredOn', 'occurrenceDateTime', 'recordedDate', 'onsetDateTime', 'date', 'lastUpdated'];
    const walk = (v: Json, where: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, where));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (keys.includes(k) && typeof x === 'string') assert.ok(x < '2026-01-01', `${where}: ${k} ${x}`);
          else if (k === 'period' && typeof (x as Json).end === 'string') assert.ok((x as Json).end < '2026-01-01', `${where}: period ${(x as Json).end}`);
          else walk(x, where);
        }
      }
    };
    for (const r of data) walk(r, `${r.resourceType}/${r.id}`);
  });
});
