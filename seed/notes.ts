/**
 * Clinical notes (US Core DocumentReference) with plain-text attachments: a discharge summary
 * for each hospital stay, a note for each emergency visit and for the latest routine visits,
 * at most four per patient. The text is written from the chart itself.
 */
import { DOCUMENT_CATEGORY, FORMAT_CODE } from './codes/hl7.js';
import { NOTE_TYPES } from './codes/loinc.js';
import { CHRONIC_CODES } from './conditions.js';
import { MINUTE } from './dates.js';
import { profileList, profileMeta } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';
import type { VitalSummary } from './vitals.js';

const PROFILE_DOCUMENTREFERENCE = profileList('us-core-documentreference');

/** How a note names each lab panel. */
const PANEL_NAMES: Record<string, string> = {
  cbc: 'CBC',
  bmp: 'basic metabolic panel',
  lipid: 'lipid panel',
  hba1c: 'HbA1c',
  tsh: 'TSH',
  inr: 'INR',
  microalbumin: 'urine microalbumin/creatinine ratio',
};

/** At most this many notes per patient. */
export const MAX_NOTES = 4;

/** The system of the document numbers this EHR assigns (DocumentReference.identifier). */
export const DOCUMENT_ID_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/document';

/** What a visit produced, for its note. */
export interface VisitRecord {
  visit: Visit;
  vitals: VitalSummary;
  panels: string[];
  prescriptions: string[];
}

function vitalsLine(v: VitalSummary): string {
  const parts = [
    v.systolic !== undefined ? `BP ${v.systolic}/${v.diastolic} mmHg` : undefined,
    `HR ${v.heartRate}/min`,
    `RR ${v.respiratoryRate}/min`,
    `Temp ${v.temperature.toFixed(1)} C`,
    `SpO2 ${v.spo2}%`,
    `Wt ${v.weightKg} kg`,
    v.heightCm !== undefined ? `Ht ${v.heightCm} cm` : undefined,
    v.bmi !== undefined ? `BMI ${v.bmi}` : undefined,
  ];
  return parts.filter((x) => x !== undefined).join(', ');
}

function noteText(ctx: ChartContext, p: PatientState, r: VisitRecord): string {
  const { visit } = r;
  const age = visit.age >= 2 ? `${Math.floor(visit.age)}-year-old` : `${Math.max(0, Math.floor(visit.age * 12))}-month-old`;
  const sex = p.demo.sex === 'female' ? (visit.age < 18 ? 'girl' : 'woman') : visit.age < 18 ? 'boy' : 'man';
  const problems = p.conditions.filter((c) => c.onset <= visit.start).map((c) => CHRONIC_CODES[c.key].snomed.display);
  const reason = visit.acute?.problem.snomed.display ?? (visit.kind === 'birth' ? 'Newborn care' : visit.kind === 'well' ? 'Routine health maintenance visit' : 'Follow-up of chronic conditions');
  const lines = [
    `${ctx.facility.organization.name} - ${ctx.facility.locations[visit.location].name}`,
    `Patient: ${p.demo.displayName}   DOB: ${ctx.shared.date(p.demo.birth)}   MRN: ${p.demo.mrn}`,
    `Date: ${ctx.shared.date(visit.start)}   Clinician: ${visit.practitioner.name}`,
    '',
    `Reason for visit: ${reason}.`,
    `History: ${age} ${sex}${problems.length > 0 ? ` with ${problems.join(', ').toLowerCase()}` : ' with no chronic problems'}.`,
    `Vital signs: ${vitalsLine(r.vitals)}.`,
    r.panels.length > 0 ? `Labs ordered: ${r.panels.map((k) => PANEL_NAMES[k] ?? k).join(', ')}.` : 'No labs today.',
    '',
    `Assessment: ${visit.acute ? visit.acute.problem.snomed.display : problems.length > 0 ? problems.join('; ') : 'Healthy, growing and developing as expected'}.`,
    `Plan: ${r.prescriptions.length > 0 ? `Prescribed ${r.prescriptions.join('; ')}. ` : ''}${visit.kind === 'inpatient' ? 'Discharged home in stable condition; follow up with primary care in 1 to 2 weeks.' : 'Return if symptoms worsen; routine follow-up as scheduled.'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes the notes of the chart. */
export function recordNotes(ctx: ChartContext, p: PatientState, records: readonly VisitRecord[]): void {
  const chosen = records.filter((r) => r.visit.kind === 'inpatient' || r.visit.kind === 'emergency' || r.visit.kind === 'birth');
  const routine = records.filter((r) => r.visit.kind === 'well' || r.visit.kind === 'followUp' || r.visit.kind === 'diagnosis');
  chosen.push(...routine.slice(-2));
  const notes = chosen.sort((a, b) => a.visit.start - b.visit.start).slice(-MAX_NOTES);
  for (const r of notes) {
    const { visit } = r;
    const hospital = visit.kind === 'inpatient' || visit.kind === 'birth';
    const type = hospital ? NOTE_TYPES.dischargeSummary : NOTE_TYPES.progress;
    const written = Math.min(visit.end + 30 * MINUTE, ctx.now - MINUTE);
    const text = noteText(ctx, p, r);
    const id = ctx.ids.next('DocumentReference');
    p.chart.DocumentReference.push({
      resourceType: 'DocumentReference',
      id,
      meta: profileMeta(PROFILE_DOCUMENTREFERENCE, ctx.shared.dateTime(written)),
      identifier: [{ system: DOCUMENT_ID_SYSTEM, value: id }],
      status: 'current',
      docStatus: 'final',
      type: ctx.shared.concept(type),
      category: ctx.shared.concepts(DOCUMENT_CATEGORY.clinicalNote),
      subject: p.subject,
      date: ctx.shared.dateTime(written),
      author: visit.practitioner.refs,
      custodian: ctx.facility.organizationRef,
      description: `${type.display}, ${ctx.shared.date(visit.start)}`,
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            language: 'en-US',
            data: Buffer.from(text, 'utf8').toString('base64'),
            title: `${type.display} ${ctx.shared.date(visit.start)}`,
            creation: ctx.shared.dateTime(written),
          },
          format: ctx.shared.coding(FORMAT_CODE.mimeTypeSufficient),
        },
      ],
      context: {
        encounter: ctx.shared.list(visitRefs(ctx, visit).encounter),
        period: { start: ctx.shared.dateTime(visit.start), end: ctx.shared.dateTime(visit.end) },
      },
    });
  }
}
