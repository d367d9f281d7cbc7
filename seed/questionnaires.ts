/**
 * A questionnaire the patient fills in at a visit (US Core QuestionnaireResponse) and the
 * Observations derived from it (US Core Screening Assessment: one per answer and one for the
 * panel, which has the others as members), as instruments such as the Hunger Vital Sign and
 * the PHQ-2 are recorded.
 */
import type { Resource } from '../src/fhir/resource.js';
import type { Code } from './codes/types.js';
import { MINUTE } from './dates.js';
import { deepFreeze, profileList, type CodeableConcept, type Quantity, type Reference } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { visitRefs, type Visit } from './timeline.js';

const QR_PROFILE = profileList('us-core-questionnaireresponse');
const OBS_PROFILE = profileList('us-core-observation-screening-assessment');

/** The system of questionnaire response identifiers. */
export const QR_ID_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/questionnaire-response';

/**
 * One answered question: a coded answer, a score, or free text; a coded answer may carry
 * the questions asked because of it (`QuestionnaireResponse.item.answer.item`).
 */
export type Answer = { question: Code; coded: Code; followUp?: Answer[] } | { question: Code; score: number } | { question: Code; text: string };

/** The display extension and the US Core questionnaire URI extension of `questionnaire`. */
const DISPLAY_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/display';
const QUESTIONNAIRE_URI_EXTENSION = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-extension-questionnaire-uri';

/** A filled-in instrument. */
export interface Instrument {
  /** The LOINC panel; the questionnaire is `http://loinc.org/q/<code>`. */
  panel: Code;
  answers: Answer[];
  /** Answers nested in one group item of the panel (true) or at the top level. */
  grouped: boolean;
  /** Answers at the top level after the panel's items (a note on the whole screen). */
  after?: Answer[];
  categories: readonly Readonly<CodeableConcept>[];
}

/** What was recorded: the response and the panel Observation. */
export interface Recorded {
  response: string;
  panel: string;
  members: string[];
}

function answerItem(ctx: ChartContext, a: Answer, parent = ''): unknown {
  const { shared } = ctx;
  if ('coded' in a && a.followUp && a.followUp.length > 0) {
    const linkId = `${parent}/${a.question.code}`;
    const value = { valueCoding: shared.coding(a.coded), item: a.followUp.map((f) => answerItem(ctx, f, linkId)) };
    return { linkId, text: a.question.display, answer: [value] };
  }
  // Items without follow-up questions repeat: one per question, answer and place.
  const value = 'coded' in a ? a.coded : 'score' in a ? a.score : a.text;
  return shared.memo2(parent === '' ? 'answer-item' : `answer-item${parent}`, a.question, value, () => ({
    linkId: `${parent}/${a.question.code}`,
    text: a.question.display,
    answer: [typeof value === 'object' ? { valueCoding: shared.coding(value) } : typeof value === 'number' ? { valueDecimal: value } : { valueString: value }],
  }));
}

/** The answers and the follow-up answers nested in them, in order. */
function flatten(answers: readonly Answer[]): Answer[] {
  return answers.flatMap((a) => ('followUp' in a && a.followUp ? [a, ...flatten(a.followUp)] : [a]));
}

/** The value of the Observation derived from an answer. */
function observedValue(ctx: ChartContext, a: Answer): ObservedValue {
  if ('coded' in a) return { valueCodeableConcept: ctx.shared.concept(a.coded) };
  if ('score' in a) return { valueQuantity: ctx.shared.quantity(a.score, '{score}') };
  return { valueString: a.text };
}

/** The value of a derived Observation: its members (the panel) or one of the answer's values. */
type ObservedValue =
  | { hasMember: readonly Readonly<Reference>[] }
  | { valueCodeableConcept: Readonly<CodeableConcept> }
  | { valueQuantity: Readonly<Quantity> }
  | { valueString: string };

/** Records the response and its derived Observations, authored 5 minutes into the visit. */
export function recordInstrument(ctx: ChartContext, p: PatientState, visit: Visit, instrument: Instrument): Recorded {
  const { panel, answers } = instrument;
  const response = ctx.ids.next('QuestionnaireResponse');
  const authored = ctx.shared.dateTime(visit.start + 5 * MINUTE);
  const refs = visitRefs(ctx, visit);
  const items = answers.map((a) => answerItem(ctx, a));
  const after = (instrument.after ?? []).map((a) => answerItem(ctx, a));
  p.chart.QuestionnaireResponse.push({
    resourceType: 'QuestionnaireResponse',
    id: response,
    meta: { lastUpdated: authored, profile: QR_PROFILE },
    identifier: { system: QR_ID_SYSTEM, value: response },
    // The LOINC form is not a FHIR Questionnaire: its name and URI go in extensions of the
    // canonical (US Core QuestionnaireResponse, questionnaire.extension).
    questionnaire: ctx.shared.memo('questionnaire', panel, () => `http://loinc.org/q/${panel.code}`),
    _questionnaire: ctx.shared.memo('questionnaire-extensions', panel, () => ({
      extension: [
        { url: DISPLAY_EXTENSION, valueString: panel.display },
        { url: QUESTIONNAIRE_URI_EXTENSION, valueUri: `http://loinc.org/q/${panel.code}` },
      ],
    })),
    status: 'completed',
    subject: p.subject,
    encounter: refs.encounter,
    authored,
    author: p.subject,
    item: [...(instrument.grouped ? [{ linkId: `/${panel.code}`, text: panel.display, item: items }] : items), ...after],
  });
  const observed = flatten([...answers, ...(instrument.after ?? [])]);
  const members = observed.map(() => ctx.ids.next('Observation'));
  const panelId = ctx.ids.next('Observation');
  const derivedFrom = deepFreeze([ctx.shared.reference('QuestionnaireResponse', response)]);
  // One object literal per kind of value (elements in FHIR order, derivedFrom last): a spread
  // in the middle of a literal builds the object property by property, on a slower path.
  const observation = (id: string, code: Code, value: ObservedValue): Resource => {
    const meta = { lastUpdated: authored, profile: OBS_PROFILE };
    const category = instrument.categories;
    const concept = ctx.shared.concept(code);
    const { encounter, performers: performer } = refs;
    const subject = p.subject;
    const effectiveDateTime = authored;
    if ('hasMember' in value) {
      return { resourceType: 'Observation', id, meta, status: 'final', category, code: concept, subject, encounter, effectiveDateTime, performer, hasMember: value.hasMember, derivedFrom };
    }
    if ('valueCodeableConcept' in value) {
      return { resourceType: 'Observation', id, meta, status: 'final', category, code: concept, subject, encounter, effectiveDateTime, performer, valueCodeableConcept: value.valueCodeableConcept, derivedFrom };
    }
    if ('valueQuantity' in value) {
      return { resourceType: 'Observation', id, meta, status: 'final', category, code: concept, subject, encounter, effectiveDateTime, performer, valueQuantity: value.valueQuantity, derivedFrom };
    }
    return { resourceType: 'Observation', id, meta, status: 'final', category, code: concept, subject, encounter, effectiveDateTime, performer, valueString: value.valueString, derivedFrom };
  };
  p.chart.Observation.push(
    observation(panelId, panel, { hasMember: members.map((id) => ctx.shared.reference('Observation', id)) }),
    ...observed.map((a, i) => observation(members[i] ?? '', a.question, observedValue(ctx, a))),
  );
  return { response, panel: panelId, members };
}
