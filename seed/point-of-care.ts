/**
 * Tests done during a sick visit on a specimen taken there (US Core Laboratory Result
 * Observation with US Core Specimen, ordered by a US Core ServiceRequest): a rapid strep
 * test on a throat swab for a sore throat (positive for strep throat, negative for a viral
 * pharyngitis), and a urine dipstick for a urinary tract infection (cloudy, nitrite positive).
 */
import type { Resource } from '../src/fhir/resource.js';
import { DIAGNOSTIC_SERVICE, OBSERVATION_CATEGORY } from './codes/hl7.js';
import type { Code } from './codes/types.js';
import { BODY_SITE, POINT_OF_CARE as T, SERVICE_REQUEST_CATEGORY, SPECIMEN, SPECIMEN_CONDITION } from './codes/us-core.js';
import { MINUTE } from './dates.js';
import type { concept} from './fhir.js';
import { deepFreeze, plainConcept, profileList, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import { recordOrder } from './orders.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const LAB_PROFILE = profileList('us-core-observation-lab');
const SPECIMEN_PROFILE = profileList('us-core-specimen');
const LAB_CATEGORY = deepFreeze([plainConcept(OBSERVATION_CATEGORY.laboratory)]);
const REPORT_PROFILE = profileList('us-core-diagnosticreport-lab');
const REPORT_CATEGORY = deepFreeze([plainConcept(DIAGNOSTIC_SERVICE.LAB)]);

/** The system of the accession numbers of the facility's laboratory. */
export const ACCESSION_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/accession';

interface Result {
  code: Code;
  value: { valueCodeableConcept: ReturnType<typeof concept> } | { valueString: string };
}

function labObservation(ctx: ChartContext, p: PatientState, visit: Visit, r: Result, at: number, basedOn: Reference, specimen: Reference): Resource {
  const effective = ctx.shared.dateTime(at);
  const issued = ctx.shared.dateTime(at + 15 * MINUTE);
  return {
    resourceType: 'Observation',
    id: ctx.ids.next('Observation'),
    meta: { lastUpdated: issued, profile: LAB_PROFILE },
    basedOn: [basedOn],
    status: 'final',
    category: LAB_CATEGORY,
    code: ctx.shared.concept(r.code),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    effectiveDateTime: effective,
    issued,
    performer: visitRefs(ctx, visit).performers,
    ...r.value,
    specimen,
  };
}

/** Records the point-of-care tests of a sick visit (none for other problems). */
export function recordPointOfCareTests(ctx: ChartContext, p: PatientState, visit: Visit, acuteConditionId: string | undefined): void {
  const key = visit.acute?.key;
  const throat = key === 'strepThroat' || key === 'viralPharyngitis';
  if (!throat && key !== 'uti') return;
  const at = visit.start + 15 * MINUTE;
  const order = recordOrder(ctx, p, visit, {
    code: throat ? T.rapidStrep : T.urinalysis,
    category: SERVICE_REQUEST_CATEGORY.laboratory,
    at,
    occurrence: [at, at + 20 * MINUTE],
    ...(acuteConditionId && visit.acute ? { reason: { conditionId: acuteConditionId, code: visit.acute.problem.snomed } } : {}),
  });
  const specimenId = ctx.ids.next('Specimen');
  const collected = at + 3 * MINUTE;
  p.chart.Specimen.push({
    resourceType: 'Specimen',
    id: specimenId,
    meta: { lastUpdated: ctx.shared.dateTime(collected), profile: SPECIMEN_PROFILE },
    identifier: [{ system: ACCESSION_SYSTEM, value: specimenId }],
    accessionIdentifier: { system: ACCESSION_SYSTEM, value: `A${ctx.shared.dateTime(collected).slice(2, 10).replace(/-/g, '')}-${specimenId.slice(-2)}` },
    status: 'available',
    type: ctx.shared.concept(throat ? SPECIMEN.throatSwab : SPECIMEN.urine),
    subject: p.subject,
    request: [order],
    collection: {
      collector: visitRefs(ctx, visit).practitioner,
      collectedDateTime: ctx.shared.dateTime(collected),
      ...(throat ? { bodySite: ctx.shared.concept(BODY_SITE.pharynx) } : {}),
    },
    condition: ctx.shared.concepts(SPECIMEN_CONDITION.roomTemperature),
  });
  const specimen = ctx.shared.reference('Specimen', specimenId);
  const results: Result[] = throat
    ? [{ code: T.rapidStrep, value: { valueCodeableConcept: ctx.shared.concept(key === 'strepThroat' ? T.positive : T.negative) } }]
    : [
        { code: T.urineAppearance, value: { valueString: 'Cloudy' } },
        { code: T.urineNitrite, value: { valueCodeableConcept: ctx.shared.concept(T.positive) } },
      ];
  const observations = results.map((r) => labObservation(ctx, p, visit, r, collected + 10 * MINUTE, order, specimen));
  p.chart.Observation.push(...observations);
  const first = observations[0] as Resource;
  p.chart.DiagnosticReport.push({
    resourceType: 'DiagnosticReport',
    id: ctx.ids.next('DiagnosticReport'),
    meta: { lastUpdated: first.issued as string, profile: REPORT_PROFILE },
    basedOn: [order],
    status: 'final',
    category: REPORT_CATEGORY,
    code: ctx.shared.concept(throat ? T.rapidStrep : T.urinalysis),
    subject: p.subject,
    encounter: visitRefs(ctx, visit).encounter,
    effectiveDateTime: ctx.shared.dateTime(collected),
    issued: first.issued,
    performer: visitRefs(ctx, visit).performers,
    specimen: [specimen],
    result: observations.map((o) => ctx.shared.reference('Observation', o.id as string)),
  });
}
