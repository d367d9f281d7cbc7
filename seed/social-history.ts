/**
 * The rest of the social history taken at the latest adult screening visit: the patient's
 * job (US Core Occupation Observation: ODH occupation and industry, the period of
 * employment), and US Core Simple Observations: alcohol use status (derived from the
 * drinks-per-day answer), a transport-cost barrier when the patient reports one, and the
 * clinician's social history narrative.
 */
import type { Resource } from '../src/fhir/resource.js';
import { OBSERVATION_CATEGORY } from './codes/hl7.js';
import { SMOKING_STATUS } from './codes/snomed.js';
import type { Code } from './codes/types.js';
import { SOCIAL } from './codes/loinc.js';
import { INDUSTRY, OCCUPATION, SIMPLE_SOCIAL, SIMPLE_SOCIAL_HISTORY as H, US_CORE_CATEGORY, US_CORE_OBSERVATION } from './codes/us-core.js';
import { MINUTE, YEAR } from './dates.js';
import { deepFreeze, profileList, sharedConcept } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import { screeningVisits } from './screenings.js';
import { visitRefs } from './timeline.js';

const PROFILES = {
  occupation: profileList('us-core-observation-occupation'),
  simple: profileList('us-core-simple-observation'),
};
const SOCIAL_HISTORY = deepFreeze([sharedConcept(OBSERVATION_CATEGORY.socialHistory)]);
const SDOH = deepFreeze([sharedConcept(US_CORE_CATEGORY.sdoh)]);

interface Job {
  occupation: Code;
  /** Unknown when the patient could not say whom they work for. */
  industry?: Code;
  /** How the narrative says it. */
  words: string;
  minAge: number;
}

const JOBS: readonly (readonly [Job, number])[] = [
  [{ occupation: OCCUPATION.nursingAssistant, industry: INDUSTRY.homeNursing, words: 'a certified nursing assistant for a home nursing agency', minAge: 18 }, 0.4],
  [{ occupation: OCCUPATION.medicalResearcher, industry: INDUSTRY.university, words: 'a medical researcher at a university', minAge: 26 }, 0.25],
  [{ occupation: OCCUPATION.clothier, words: 'a clothing salesperson', minAge: 18 }, 0.35],
];

const SMOKING_WORDS: Record<string, string> = {
  [SMOKING_STATUS.daily.code]: 'Smokes cigarettes every day',
  [SMOKING_STATUS.occasional.code]: 'Smokes cigarettes some days',
  [SMOKING_STATUS.former.code]: 'Former smoker',
  [SMOKING_STATUS.never.code]: 'Never smoker',
};

const SMOKING_STATUS_CODE = SOCIAL.smokingStatus.code;

/** Age at retirement: a job held at 65 or later ended then. */
const RETIREMENT_AGE = 65;

/** Records the job and the simple social history observations at the latest adult screening visit. */
export function recordSocialHistory(ctx: ChartContext, p: PatientState): void {
  const visit = screeningVisits(p, 18).at(-1);
  if (!visit) return;
  const refs = visitRefs(ctx, visit);
  const effective = ctx.shared.dateTime(visit.start + 12 * MINUTE);
  const simple = (category: readonly unknown[], code: Code, value: Record<string, unknown>): Resource => ({
    resourceType: 'Observation',
    id: ctx.ids.next('Observation'),
    meta: { lastUpdated: effective, profile: PROFILES.simple },
    status: 'final',
    category,
    code: ctx.shared.concept(code),
    subject: p.subject,
    encounter: refs.encounter,
    effectiveDateTime: effective,
    performer: refs.performers,
    ...value,
  });

  const job = chooseJob(ctx, visit.age);
  // A retired patient held the job for 5 to 35 years up to retirement; a working one for up
  // to 25 years up to now.
  const retired = visit.age >= RETIREMENT_AGE + 2;
  const endAge = retired ? RETIREMENT_AGE : undefined;
  const startAge = retired
    ? Math.max(job.minAge, RETIREMENT_AGE - ctx.rng.int(5, 35))
    : visit.age - ctx.rng.int(1, Math.max(1, Math.min(25, Math.floor(visit.age - job.minAge))));
  p.chart.Observation.push({
    resourceType: 'Observation',
    id: ctx.ids.next('Observation'),
    meta: { lastUpdated: effective, profile: PROFILES.occupation },
    status: 'final',
    category: SOCIAL_HISTORY,
    code: ctx.shared.concept(US_CORE_OBSERVATION.occupation),
    subject: p.subject,
    encounter: refs.encounter,
    effectivePeriod: { start: ctx.shared.date(p.demo.birth + startAge * YEAR), ...(endAge !== undefined ? { end: ctx.shared.date(p.demo.birth + endAge * YEAR) } : {}) },
    performer: refs.performers,
    valueCodeableConcept: ctx.shared.concept(job.occupation),
    ...(job.industry ? { component: [{ code: ctx.shared.concept(US_CORE_OBSERVATION.industry), valueCodeableConcept: ctx.shared.concept(job.industry) }] } : {}),
  });

  // Alcohol use status, from the drinks-per-day answer of the same visit (drinkers only).
  const drinks = p.chart.Observation.find((o) => o.encounter === refs.encounter && (o.code as { coding: { code: string }[] }).coding[0]?.code === SIMPLE_SOCIAL.alcoholPerDay.code);
  const perDay = (drinks?.valueQuantity as { value?: number } | undefined)?.value ?? 0;
  if (drinks && perDay > 0) {
    p.chart.Observation.push(simple(SOCIAL_HISTORY, H.alcoholUse, { valueCodeableConcept: ctx.shared.concept(H.currentDrinker), derivedFrom: [ctx.shared.reference('Observation', String(drinks.id))] }));
  }
  // A barrier to care the patient mentions: getting to appointments costs too much.
  if (ctx.rng.chance(0.15)) p.chart.Observation.push(simple(SDOH, H.transportTooExpensive, { valueBoolean: true }));

  const smoking = p.chart.Observation.filter((o) => (o.code as { coding: { code: string }[] }).coding[0]?.code === SMOKING_STATUS_CODE).at(-1);
  const smokingCode = (smoking?.valueCodeableConcept as { coding: { code: string }[] } | undefined)?.coding[0]?.code ?? '';
  const narrative = [
    retired ? `Retired; worked as ${job.words} until ${ctx.shared.date(p.demo.birth + RETIREMENT_AGE * YEAR).slice(0, 4)}.` : `Works as ${job.words}.`,
    `${SMOKING_WORDS[smokingCode] ?? 'Tobacco use not recorded'}.`,
    perDay > 0 ? `Drinks ${perDay} alcoholic drink${perDay > 1 ? 's' : ''} a day.` : 'Does not drink alcohol.',
    `Lives in ${p.demo.address.city}.`,
  ].join(' ');
  p.chart.Observation.push(simple(SOCIAL_HISTORY, H.narrative, { valueString: narrative }));
}

function chooseJob(ctx: ChartContext, age: number): Job {
  const job = ctx.rng.weighted(JOBS);
  return age >= job.minAge ? job : (JOBS[0]?.[0] as Job);
}
