/**
 * The reports of diagnostic procedures: an ECG for chest pain and a chest X-ray for
 * pneumonia are ordered (US Core ServiceRequest), performed (US Core Procedure, based on the
 * order), and read: the reading is a US Core Clinical Result Observation (its impression)
 * in a US Core DiagnosticReport for Report and Note Exchange with the report's text; the
 * ECG's report also has its rhythm as a coded result and the tracing as a Media image.
 */
import { PROCEDURES } from './codes/snomed.js';
import type { Code } from './codes/types.js';
import { ECG_MEASUREMENT, ECG_RHYTHM, MEDIA_TYPE_IMAGE, PROCEDURE_REPORT as R, RESULT_CATEGORY, SERVICE_REQUEST_CATEGORY } from './codes/us-core.js';
import { MINUTE } from './dates.js';
import { profileList, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import { recordOrder } from './orders.js';
import { hasCondition, type PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const RESULT_PROFILE = profileList('us-core-observation-clinical-result');
const NOTE_PROFILE = profileList('us-core-diagnosticreport-note');

/** True for the procedures that are ordered and reported on. */
export function isReported(code: Code): boolean {
  return code === PROCEDURES.electrocardiogram || code === PROCEDURES.chestXray;
}

/** Records the order of a reported procedure; returns the reference the Procedure is based on. */
export function orderProcedure(ctx: ChartContext, p: PatientState, visit: Visit, code: Code, start: number, reasonId: string | undefined): Reference {
  return recordOrder(ctx, p, visit, {
    code,
    category: code === PROCEDURES.chestXray ? SERVICE_REQUEST_CATEGORY.imaging : SERVICE_REQUEST_CATEGORY.evaluation,
    at: start - 10 * MINUTE,
    occurrence: [start, start + 10 * MINUTE],
    ...(reasonId && visit.acute ? { reason: { conditionId: reasonId, code: visit.acute.problem.snomed } } : {}),
  });
}

/** The reading of the procedure: what the impression says. */
function impression(p: PatientState, visit: Visit, code: Code): string {
  if (code === PROCEDURES.chestXray) return 'Focal airspace consolidation in the right lower lobe, consistent with pneumonia. No pleural effusion. Heart size normal.';
  if (hasCondition(p, 'atrialFibrillation', visit.start)) return 'Atrial fibrillation with controlled ventricular response. No acute ST-segment changes.';
  return 'Normal sinus rhythm. No acute ST-segment or T-wave changes.';
}

/**
 * A lead II rhythm strip of 10 seconds as SVG (25 mm/s, 10 mm/mV): regular beats for sinus
 * rhythm, irregular ones without P waves for atrial fibrillation.
 */
function rhythmStrip(ctx: ChartContext, fibrillation: boolean): string {
  const points: string[] = [];
  let x = 10;
  while (x < 240) {
    const rr = fibrillation ? ctx.rng.float(13, 24) : 21;
    // P wave (absent in fibrillation), QRS complex, T wave: [dx mm, height mm] from the beat's start.
    const beat = fibrillation ? AF_BEAT : SINUS_BEAT;
    for (const [dx, dy] of beat) points.push(`${round1(x + dx)},${round1(40 - dy)}`);
    x += rr;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="250" height="60" viewBox="0 0 250 60"><title>Lead II rhythm strip</title><polyline fill="none" stroke="black" stroke-width="0.6" points="${points.join(' ')}"/></svg>`;
}

const SINUS_BEAT: readonly (readonly [number, number])[] = [[0, 0], [2, 1.5], [4, 0], [5.5, -1], [6.5, 12], [7.5, -3], [8.5, 0], [12, 2.5], [14, 0]];
const AF_BEAT: readonly (readonly [number, number])[] = [[0, 0], [5.5, -1], [6.5, 12], [7.5, -3], [8.5, 0], [12, 2.5], [14, 0]];

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Records the reading (result Observation and report) of a procedure done at `end`. */
export function recordProcedureReport(ctx: ChartContext, p: PatientState, visit: Visit, code: Code, end: number, basedOn: Reference): void {
  const xray = code === PROCEDURES.chestXray;
  const issued = ctx.shared.dateTime(end + (xray ? 50 : 20) * MINUTE);
  const effective = ctx.shared.dateTime(end);
  const text = impression(p, visit, code);
  const reader = visitRefs(ctx, visit).practitioner;
  // One result Observation of the reading; `value` is its last member, as in every result.
  const result = (category: Code, code: Code, value: Record<string, unknown>): Reference => {
    const id = ctx.ids.next('Observation');
    p.chart.Observation.push({
      resourceType: 'Observation',
      id,
      meta: { lastUpdated: issued, profile: RESULT_PROFILE },
      basedOn: [basedOn],
      status: 'final',
      category: ctx.shared.concepts(category),
      code: ctx.shared.concept(code),
      subject: p.subject,
      encounter: visitRefs(ctx, visit).encounter,
      effectiveDateTime: effective,
      issued,
      performer: visitRefs(ctx, visit).performers,
      ...value,
    });
    return ctx.shared.reference('Observation', id);
  };
  const results = [result(xray ? RESULT_CATEGORY.imaging : RESULT_CATEGORY.procedure, xray ? R.imagingImpression : R.ecgImpression, { valueString: text })];
  // The QRS duration the ECG machine measures (normal 80 to 110 ms).
  const fibrillation = !xray && hasCondition(p, 'atrialFibrillation', visit.start);
  if (!xray) {
    results.push(result(RESULT_CATEGORY.procedure, ECG_MEASUREMENT.qrsDuration, { valueQuantity: ctx.shared.quantity(ctx.rng.int(82, 104), 'ms') }));
    results.push(result(RESULT_CATEGORY.procedure, ECG_RHYTHM.code, { valueCodeableConcept: ctx.shared.concept(fibrillation ? ECG_RHYTHM.atrialFibrillation : ECG_RHYTHM.sinus) }));
  }
  // The ECG's rhythm strip, as the image the report shows (DiagnosticReport.media).
  const media: { comment: string; link: Reference }[] = [];
  if (!xray) {
    const id = ctx.ids.next('Media');
    p.chart.Media.push({
      resourceType: 'Media',
      id,
      meta: { lastUpdated: issued },
      basedOn: [basedOn],
      status: 'completed',
      type: ctx.shared.concept(MEDIA_TYPE_IMAGE),
      subject: p.subject,
      encounter: visitRefs(ctx, visit).encounter,
      createdDateTime: effective,
      issued,
      operator: reader,
      deviceName: '12-lead electrocardiograph',
      content: { contentType: 'image/svg+xml', data: Buffer.from(rhythmStrip(ctx, fibrillation), 'utf8').toString('base64'), title: 'Lead II rhythm strip', creation: effective },
    });
    media.push({ comment: 'Lead II rhythm strip', link: ctx.shared.reference('Media', id) });
  }
  const title = xray ? R.chestXray.display : R.ecgStudy.display;
  const report = `${title}\nPatient: ${p.demo.displayName}\nDate: ${effective}\nReading physician: ${reader.display ?? ''}\n\nImpression: ${text}\n`;
  p.chart.DiagnosticReport.push({
    resourceType: 'DiagnosticReport',
    id: ctx.ids.next('DiagnosticReport'),
    meta: { lastUpdated: issued, profile: NOTE_PROFILE },
    basedOn: [basedOn],
    status: 'final',
    category: ctx.shared.concepts(xray ? R.radiology : R.cardiology),
    code: ctx.shared.concept(xray ? R.chestXray : R.ecgStudy),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    effectiveDateTime: effective,
    issued,
    performer: visitRefs(ctx, visit).performers,
    result: results,
    ...(media.length > 0 ? { media } : {}),
    presentedForm: [{ contentType: 'text/plain', language: 'en-US', data: Buffer.from(report, 'utf8').toString('base64'), title }],
  });
}
