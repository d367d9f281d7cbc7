/**
 * One patient's chart, built in time order: who the patient is, their traits and chronic
 * conditions, the visits of the history window and, at each visit, the encounter, its
 * diagnosis, vital signs, labs, smoking status, procedures and prescriptions; then the
 * problem list, chronic medications, allergies, immunizations, notes and care plans.
 */
import type { Resource } from '../src/fhir/resource.js';
import { allergicToPenicillin, chooseAllergies, recordAllergies } from './allergies.js';
import { recordCarePlans } from './careplans.js';
import { ACUTE } from './codes/problems.js';
import { chooseConditions } from './conditions.js';
import { YEAR } from './dates.js';
import { recordChronicConditions, recordEncounterDiagnosis } from './diagnoses.js';
import { encounterResource } from './encounters.js';
import { deepFreeze, ref } from './fhir.js';
import { createIdMaker } from './ids.js';
import { recordDeclinedInfluenza, recordImmunizations } from './immunizations.js';
import { recordCareTeam, recordCoverage } from './coverage.js';
import { endAtDeath } from './death.js';
import { recordDevices } from './devices.js';
import { recordDispenses } from './dispenses.js';
import { createHistory } from './patient-history.js';
import { provenanceFor } from './provenance.js';
import { recordScreenings } from './screenings.js';
import { recordSdohScreening } from './sdoh.js';
import { panelsFor, recordLabs } from './labs.js';
import { chooseChronicMedications, medicationRequest, recordChronicMedications } from './medications.js';
import { CHART_ORDER, emptyChart, type ChartContext, type Facility } from './model.js';
import { recordNotes, type VisitRecord } from './notes.js';
import type { PatientState } from './patient-state.js';
import { createDemographics, patientResource, relatedPersonResource } from './people.js';
import { recordDepressionScreening } from './phq.js';
import { recordPointOfCareTests } from './point-of-care.js';
import { recordPreferences } from './preferences.js';
import { recordProcedures } from './procedures.js';
import type { RandomSource } from './random.js';
import type { Sharing } from './sharing.js';
import { recordSmokingStatus } from './social.js';
import { recordSocialHistory } from './social-history.js';
import { planVisits } from './timeline.js';
import { createTraits } from './traits.js';
import { recordVitals } from './vitals.js';

/** Builds the chart of the patient at `index` and appends its resources to `out`. */
export function generateChart(random: RandomSource, facility: Facility, now: number, index: number, id: string, out: Resource[], shared: Sharing): void {
  const ids = createIdMaker(id);
  shared.newChart();
  const ctx: ChartContext = { rng: random.rng, faker: random.faker, ids, facility, now, shared };
  const demo = createDemographics(ctx, index, id, ids.next('RelatedPerson'));
  const age = (now - demo.birth) / YEAR;
  const traits = createTraits(ctx.rng, demo.sex, age);
  const conditions = chooseConditions(ctx.rng, index, demo.sex, demo.birth, now, traits);
  const allergies = chooseAllergies(ctx.rng, demo.birth, now);
  const medicationPlan = chooseChronicMedications(ctx.rng, conditions, age, demo.race.code === '2054-5');
  const visits = planVisits(ctx, { sex: demo.sex, birth: demo.birth, gp: demo.gp, conditions });
  for (const v of visits) v.id = ids.next('Encounter');
  const p: PatientState = {
    demo,
    subject: deepFreeze(ref('Patient', demo.id, demo.displayName)),
    traits,
    conditions,
    conditionIds: new Map(conditions.map((c) => [c.key, ids.next('Condition')])),
    allergies,
    visits,
    chart: emptyChart(),
    lastPanel: new Map(),
    hypertensiveReadings: 0,
  };
  const penicillinAllergy = allergicToPenicillin(allergies);
  const records: VisitRecord[] = [];
  let smokingAsked = false;

  recordChronicConditions(ctx, p);
  for (const visit of visits) {
    const problem = visit.kind === 'birth' ? ACUTE.newborn : visit.acute?.problem;
    const acuteId = problem ? ids.next('Condition') : undefined;
    p.chart.Encounter.push(encounterResource(ctx, p, visit, acuteId));
    if (problem && acuteId) recordEncounterDiagnosis(ctx, p, visit, problem, acuteId);
    const vitals = recordVitals(ctx, p, visit);
    const panels = panelsFor(ctx, p, visit);
    recordLabs(ctx, p, visit, panels);
    const lastVisit = visit === visits[visits.length - 1];
    if (visit.kind === 'well' || (lastVisit && !smokingAsked)) {
      recordSmokingStatus(ctx, p, visit);
      smokingAsked ||= visit.age >= 12;
    }
    recordProcedures(ctx, p, visit, acuteId);
    recordPointOfCareTests(ctx, p, visit, acuteId);
    const prescriptions: string[] = [];
    const rx = visit.acute?.prescribe?.({ age: visit.age, weightKg: vitals.weightKg, penicillinAllergy });
    if (rx) {
      p.chart.MedicationRequest.push(medicationRequest(ctx, p, visit, rx, 'completed', acuteId));
      prescriptions.push(rx.drug.display);
    }
    records.push({ visit, vitals, panels, prescriptions });
  }
  recordChronicMedications(ctx, p, medicationPlan);
  recordAllergies(ctx, p);
  recordImmunizations(ctx, p);
  recordNotes(ctx, p, records);
  recordCarePlans(ctx, p);
  recordDeclinedInfluenza(ctx, p);
  recordScreenings(ctx, p);
  recordSocialHistory(ctx, p);
  recordSdohScreening(ctx, p);
  recordDepressionScreening(ctx, p);
  recordPreferences(ctx, p);
  recordDevices(ctx, p);

  const lastSeen = visits.length > 0 ? Math.max(...visits.map((v) => v.end)) : demo.birth;
  const history = createHistory(ctx, demo, lastSeen);
  recordCoverage(ctx, p, history.deceased);
  recordCareTeam(ctx, p, history.deceased);
  recordDispenses(ctx, p, history.deceased ?? now);
  if (history.deceased !== undefined) endAtDeath(p, history.deceased);
  p.chart.Patient.push(patientResource(ctx, demo, history, history.deceased ?? lastSeen));
  const parent = relatedPersonResource(ctx, demo, lastSeen);
  if (parent) p.chart.RelatedPerson.push(parent);
  // The chart goes to `out` in CHART_ORDER, then its Provenance (the last type of that
  // order), made from the records just written: no copy of the chart in between.
  const start = out.length;
  for (const type of CHART_ORDER) {
    const resources = p.chart[type];
    for (let i = 0; i < resources.length; i++) out.push(resources[i]!);
  }
  const provenance = provenanceFor(out, facility, () => ids.next('Provenance'), shared, start);
  for (let i = 0; i < provenance.length; i++) out.push(provenance[i]!);
}
