/**
 * Procedures (US Core Procedure): those an acute problem calls for (an ECG for chest pain,
 * a chest X-ray for pneumonia, both ordered and reported on; an appendectomy), spirometry for asthma and COPD, depression screening at check-ups from
 * age 12, and medication reconciliation at hospital discharge.
 */
import { PROCEDURES } from './codes/snomed.js';
import type { Code } from './codes/types.js';
import { HOUR, MINUTE } from './dates.js';
import { profileList, profileMeta, type Reference } from './fhir.js';
import { isReported, orderProcedure, recordProcedureReport } from './procedure-reports.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const PROFILE_PROCEDURE = profileList('us-core-procedure');

function procedure(ctx: ChartContext, p: PatientState, visit: Visit, code: Code, start: number, end: number, reasonId?: string, basedOn?: Reference): void {
  const location = ctx.facility.locations[visit.location];
  const period = end > start + 30 * MINUTE;
  p.chart.Procedure.push({
    resourceType: 'Procedure',
    id: ctx.ids.next('Procedure'),
    meta: profileMeta(PROFILE_PROCEDURE, ctx.shared.dateTime(end)),
    ...(basedOn ? { basedOn: [basedOn] } : {}),
    status: 'completed',
    code: ctx.shared.concept(code),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    ...(period ? { performedPeriod: { start: ctx.shared.dateTime(start), end: ctx.shared.dateTime(end) } } : { performedDateTime: ctx.shared.dateTime(start) }),
    performer: ctx.shared.memo('actor', visit.practitioner.ref, () => [{ actor: visit.practitioner.ref }]),
    location: location.ref,
    ...(reasonId ? { reasonReference: ctx.shared.list(ctx.shared.reference('Condition', reasonId)) } : {}),
  });
}

/** Records the procedures of a visit. */
export function recordProcedures(ctx: ChartContext, p: PatientState, visit: Visit, acuteConditionId: string | undefined): void {
  for (const code of visit.acute?.procedures ?? []) {
    if (code === PROCEDURES.appendectomy) {
      const start = visit.start + ctx.rng.int(4, 10) * HOUR;
      procedure(ctx, p, visit, code, start, start + ctx.rng.int(45, 90) * MINUTE, acuteConditionId);
    } else if (isReported(code)) {
      const start = visit.start + ctx.rng.int(20, 90) * MINUTE;
      const order = orderProcedure(ctx, p, visit, code, start, acuteConditionId);
      procedure(ctx, p, visit, code, start, start + 10 * MINUTE, acuteConditionId, order);
      recordProcedureReport(ctx, p, visit, code, start + 10 * MINUTE, order);
    } else {
      const start = visit.start + ctx.rng.int(20, 90) * MINUTE;
      procedure(ctx, p, visit, code, start, start + 10 * MINUTE, acuteConditionId);
    }
  }
  for (const key of ['asthma', 'copd'] as const) {
    const firstReview = p.visits.find((v) => v.reviewed.includes(key) || v.diagnosed.includes(key));
    if (firstReview === visit) procedure(ctx, p, visit, PROCEDURES.spirometry, visit.start + 15 * MINUTE, visit.start + 30 * MINUTE, p.conditionIds.get(key));
  }
  if (visit.kind === 'well' && visit.age >= 12) {
    procedure(ctx, p, visit, PROCEDURES.depressionScreening, visit.start + 12 * MINUTE, visit.start + 17 * MINUTE);
  }
  if (visit.kind === 'inpatient' || (visit.kind === 'followUp' && ctx.rng.chance(0.3))) {
    const at = visit.kind === 'inpatient' ? visit.end - HOUR : visit.start + 5 * MINUTE;
    procedure(ctx, p, visit, PROCEDURES.medicationReconciliation, at, at + 10 * MINUTE);
  }
}
