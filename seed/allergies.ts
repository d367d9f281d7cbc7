/** Allergies and intolerances (US Core AllergyIntolerance): a catalogue and who has what. */
import type { Resource } from '../src/fhir/resource.js';
import { ALLERGY_CLINICAL, ALLERGY_VERIFICATION } from './codes/hl7.js';
import { ALLERGENS, REACTIONS } from './codes/snomed.js';
import type { Code } from './codes/types.js';
import { DAY, YEAR } from './dates.js';
import { profileList, profileMeta } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';
import type { Rng } from './random.js';

const PROFILE_ALLERGYINTOLERANCE = profileList('us-core-allergyintolerance');

interface AllergyDefinition {
  substance: Code;
  category: 'medication' | 'food' | 'environment';
  criticality: 'low' | 'high';
  reactions: readonly Code[];
  severity: 'mild' | 'moderate' | 'severe';
  /** Usual age of onset, years. */
  onsetAge: [number, number];
  weight: number;
}

const CATALOGUE: readonly AllergyDefinition[] = [
  { substance: ALLERGENS.penicillin, category: 'medication', criticality: 'high', reactions: [REACTIONS.wheal, REACTIONS.itching], severity: 'moderate', onsetAge: [1, 40], weight: 8 },
  { substance: ALLERGENS.sulfamethoxazole, category: 'medication', criticality: 'low', reactions: [REACTIONS.skinEruption], severity: 'mild', onsetAge: [15, 60], weight: 3 },
  { substance: ALLERGENS.peanut, category: 'food', criticality: 'high', reactions: [REACTIONS.anaphylaxis], severity: 'severe', onsetAge: [1, 4], weight: 3 },
  { substance: ALLERGENS.shellfish, category: 'food', criticality: 'high', reactions: [REACTIONS.wheal, REACTIONS.itching], severity: 'moderate', onsetAge: [5, 30], weight: 3 },
  { substance: ALLERGENS.egg, category: 'food', criticality: 'low', reactions: [REACTIONS.skinEruption], severity: 'mild', onsetAge: [0.5, 2], weight: 1 },
  { substance: ALLERGENS.latex, category: 'environment', criticality: 'low', reactions: [REACTIONS.skinEruption, REACTIONS.itching], severity: 'mild', onsetAge: [18, 50], weight: 1 },
  { substance: ALLERGENS.grassPollen, category: 'environment', criticality: 'low', reactions: [REACTIONS.rhinoconjunctivitis, REACTIONS.sneezing], severity: 'mild', onsetAge: [3, 20], weight: 4 },
  { substance: ALLERGENS.dustMite, category: 'environment', criticality: 'low', reactions: [REACTIONS.sneezing], severity: 'mild', onsetAge: [3, 20], weight: 3 },
  { substance: ALLERGENS.animalDander, category: 'environment', criticality: 'low', reactions: [REACTIONS.rhinoconjunctivitis], severity: 'mild', onsetAge: [3, 30], weight: 2 },
];

/** An allergy a patient has, from its onset on. */
export interface AllergyChoice {
  definition: AllergyDefinition;
  /** Onset, ms. */
  onset: number;
}

/** Chooses a patient's allergies (about a third of patients have one or two). */
export function chooseAllergies(rng: Rng, birth: number, now: number): AllergyChoice[] {
  const age = (now - birth) / YEAR;
  const count = rng.weighted([[0, 66], [1, 26], [2, 8]] as const);
  const chosen: AllergyChoice[] = [];
  for (let i = 0; i < count; i++) {
    const options = CATALOGUE.filter((d) => d.onsetAge[0] < age && !chosen.some((c) => c.definition === d));
    if (options.length === 0) break;
    const definition = rng.weighted(options.map((d) => [d, d.weight] as const));
    const onsetAge = rng.float(definition.onsetAge[0], Math.min(definition.onsetAge[1], age));
    chosen.push({ definition, onset: Math.floor((birth + onsetAge * YEAR) / DAY) * DAY });
  }
  return chosen;
}

/** True when one of the allergies is to penicillin (so no penicillins are prescribed). */
export function allergicToPenicillin(allergies: readonly AllergyChoice[]): boolean {
  return allergies.some((a) => a.definition.substance === ALLERGENS.penicillin);
}

/** The AllergyIntolerance resources, recorded at the first visit after onset (or onset). */
export function recordAllergies(ctx: ChartContext, p: PatientState): void {
  for (const allergy of p.allergies) {
    const visit = p.visits.find((v) => v.start >= allergy.onset) ?? p.visits[0];
    const recorded = visit && visit.start >= allergy.onset ? visit.start : allergy.onset;
    const recorder = visit?.practitioner ?? p.demo.gp;
    const d = allergy.definition;
    p.chart.AllergyIntolerance.push({
      resourceType: 'AllergyIntolerance',
      id: ctx.ids.next('AllergyIntolerance'),
      meta: profileMeta(PROFILE_ALLERGYINTOLERANCE, ctx.shared.dateTime(recorded)),
      clinicalStatus: ctx.shared.concept(ALLERGY_CLINICAL.active),
      verificationStatus: ctx.shared.concept(ALLERGY_VERIFICATION.confirmed),
      type: 'allergy',
      category: [d.category],
      criticality: d.criticality,
      code: ctx.shared.concept(d.substance),
      patient: p.subject,
      onsetDateTime: ctx.shared.date(allergy.onset),
      recordedDate: ctx.shared.dateTime(recorded),
      recorder: recorder.ref,
      reaction: [{ manifestation: d.reactions.map((r) => ctx.shared.concept(r)), severity: d.severity }],
    } satisfies Resource);
  }
}
