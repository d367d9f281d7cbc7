/**
 * A questionnaire the patient fills in at a visit (US Core QuestionnaireResponse) and the
 * Observations derived from it (US Core Screening Assessment: one per answer and one for the
 * panel, which has the others as members), as instruments such as the Hunger Vital Sign and
 * the PHQ-2 are recorded.
 */
import type { Resource } from '../src/fhir/resource.js';
import type { Code } from './codes/types.js';
import { MINUTE, fhirDateTime } from './dates.js';
import { coding, concept, profileList, quantity, ref, type CodeableConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const QR_PROFILE = profileList('us-core-questionnaireresponse');
const OBS_PROFILE = profileList('us-core-observation-screening-assessment');

/** The system of questionnaire response identifiers. */
export const QR_ID_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/questionnaire-response';

/** One answered question: a coded answer, or a score. */
export type Answer = { question: Code; coded: Code } | { question: Code; score: number };

/** A filled-in instrument. */
export interface Instrument {
  /** The LOINC panel; the questionnaire is `http://loinc.org/q/<code>`. */
  panel: Code;
  answers: Answer[];
  /** Answers nested in one group item of the panel (true) or at the top level. */
  grouped: boolean;
  categories: readonly Readonly<CodeableConcept>[];
}

/** What was recorded: the response and the panel Observation. */
export interface Recorded {
  response: string;
  panel: string;
  members: string[];
}

function answerItem(a: Answer): unknown {
  const value = 'coded' in a ? { valueCoding: coding(a.coded) } : { valueDecimal: a.score };
  return { linkId: `/${a.question.code}`, text: a.question.display, answer: [value] };
}

/** Records the response and its derived Observations, authored 5 minutes into the visit. */
export function recordInstrument(ctx: ChartContext, p: PatientState, visit: Visit, instrument: Instrument): Recorded {
  const { panel, answers } = instrument;
  const response = ctx.ids.next('QuestionnaireResponse');
  const authored = fhirDateTime(visit.start + 5 * MINUTE);
  const refs = visitRefs(ctx, visit);
  const items = answers.map(answerItem);
  p.chart.QuestionnaireResponse.push({
    resourceType: 'QuestionnaireResponse',
    id: response,
    meta: { lastUpdated: authored, profile: QR_PROFILE },
    identifier: { system: QR_ID_SYSTEM, value: response },
    questionnaire: `http://loinc.org/q/${panel.code}`,
    status: 'completed',
    subject: p.subject,
    encounter: refs.encounter,
    authored,
    author: p.subject,
    item: instrument.grouped ? [{ linkId: `/${panel.code}`, text: panel.display, item: items }] : items,
  });
  const members = answers.map(() => ctx.ids.next('Observation'));
  const panelId = ctx.ids.next('Observation');
  const observation = (id: string, code: Code, value: Record<string, unknown>): Resource => ({
    resourceType: 'Observation',
    id,
    meta: { lastUpdated: authored, profile: OBS_PROFILE },
    status: 'final',
    category: instrument.categories,
    code: concept(code),
    subject: p.subject,
    encounter: refs.encounter,
    effectiveDateTime: authored,
    performer: refs.performers,
    ...value,
    derivedFrom: [ref('QuestionnaireResponse', response)],
  });
  p.chart.Observation.push(
    observation(panelId, panel, { hasMember: members.map((id) => ref('Observation', id)) }),
    ...answers.map((a, i) =>
      observation(members[i] ?? '', a.question, 'coded' in a ? { valueCodeableConcept: concept(a.coded) } : { valueQuantity: quantity(a.score, '{score}') }),
    ),
  );
  return { response, panel: panelId, members };
}
