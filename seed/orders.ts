/**
 * Orders (US Core ServiceRequest): the tests and procedures a practitioner orders at a visit,
 * which the procedure, specimen and result then point back to (`basedOn`, `request`).
 */
import type { Code } from './codes/types.js';
import { profileList, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const PROFILE = profileList('us-core-servicerequest');

/** What is ordered, why, and when it is to be done. */
export interface Order {
  code: Code;
  category: Code;
  /** When the order is written, ms. */
  at: number;
  /** When it is to be carried out (start and end), ms. */
  occurrence: [number, number];
  /** The encounter diagnosis it is for, and its code. */
  reason?: { conditionId: string; code: Code };
}

/** Records a completed order of the visit's practitioner; returns a reference to it. */
export function recordOrder(ctx: ChartContext, p: PatientState, visit: Visit, order: Order): Reference {
  const id = ctx.ids.next('ServiceRequest');
  p.chart.ServiceRequest.push({
    resourceType: 'ServiceRequest',
    id,
    meta: { lastUpdated: ctx.shared.dateTime(order.occurrence[1]), profile: PROFILE },
    status: 'completed',
    intent: 'order',
    category: ctx.shared.concepts(order.category),
    code: ctx.shared.concept(order.code),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    occurrencePeriod: { start: ctx.shared.dateTime(order.occurrence[0]), end: ctx.shared.dateTime(order.occurrence[1]) },
    authoredOn: ctx.shared.dateTime(order.at),
    requester: visitRefs(ctx, visit).practitioner,
    ...(order.reason ? { reasonCode: ctx.shared.concepts(order.reason.code), reasonReference: ctx.shared.list(ctx.shared.reference('Condition', order.reason.conditionId)) } : {}),
  });
  return ctx.shared.reference('ServiceRequest', id);
}
