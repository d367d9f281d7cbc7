/**
 * The pharmacy's formulary entries for products prescribed as a product rather than a
 * drug (the metered-dose inhalers): US Core Medication resources that prescriptions and
 * dispenses of them point to (`medicationReference`).
 */
import type { Resource } from '../src/fhir/resource.js';
import { DRUGS } from './codes/rxnorm.js';
import type { Code } from './codes/types.js';
import { concept, deepFreeze, profileList, profileMeta, ref, type Reference } from './fhir.js';

const PROFILE_MEDICATION = profileList('us-core-medication');

/** The drugs ordered by reference to a Medication resource. */
const PRODUCTS: readonly Code[] = [DRUGS.albuterolInhaler, DRUGS.fluticasoneInhaler];

/** The Medication id of an RxNorm drug. */
const medicationId = (drug: Code): string => `med-rxnorm-${drug.code}`;

/** A shared reference to the formulary Medication of a drug, or undefined when it is ordered by code. */
export function formularyReference(drug: Code): Readonly<Reference> | undefined {
  return PRODUCTS.includes(drug) ? REFERENCES.get(drug.code) : undefined;
}

const REFERENCES = new Map(PRODUCTS.map((d) => [d.code, deepFreeze(ref('Medication', medicationId(d), d.display))]));

/** The formulary Medication resources. */
export function formularyMedications(lastUpdated: string): Resource[] {
  return PRODUCTS.map((drug) => ({
    resourceType: 'Medication',
    id: medicationId(drug),
    meta: profileMeta(PROFILE_MEDICATION, lastUpdated),
    code: concept(drug),
    status: 'active',
    form: { text: 'Metered dose inhaler' },
  }));
}
