/** Shared helpers of the generator tests: the default data set and chart lookups. */
import type { Resource } from '../../src/fhir/resource.js';
import { generateSeedData } from '../../seed/index.js';

export const REFERENCE_DATE = '2026-01-01';
export const DEFAULT_SEED = 42;
export const DEFAULT_PATIENTS = 50;

// Any JSON value inside a resource; tests walk resources freely.
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default data set (seed 42, 50 patients). */
export function defaultData(): Resource[] {
  return generateSeedData({ seed: DEFAULT_SEED, patients: DEFAULT_PATIENTS, referenceDate: REFERENCE_DATE });
}

/** Resources grouped by the patient they belong to. */
export function byPatient(data: readonly Resource[]): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  for (const r of data as Json[]) {
    const id = r.resourceType === 'Patient' ? r.id : ((r.subject ?? r.patient ?? r.beneficiary)?.reference as string | undefined)?.replace(/^Patient\//, '');
    if (!id) continue;
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(r);
  }
  return out;
}

/** True when a CodeableConcept has the code (any system, or the given one). */
export function hasCode(concept: Json, code: string, system?: string): boolean {
  return (concept?.coding ?? []).some((c: Json) => c.code === code && (system === undefined || c.system === system));
}

/** Age in years of a patient at a FHIR date or dateTime. */
export function ageAt(patient: Json, when: string): number {
  return (Date.parse(when) - Date.parse(`${patient.birthDate}T00:00:00Z`)) / (365.25 * 24 * 3600 * 1000);
}

/** Observations of a LOINC code. */
export function observations(resources: Json[], code: string): Json[] {
  return resources.filter((r) => r.resourceType === 'Observation' && hasCode(r.code, code));
}

/** Every string at a `reference` key, anywhere in the value. */
export function references(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

/** Every Coding (an object with system and code), anywhere in the value. */
export function codings(value: Json, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) codings(v, out);
  else if (value && typeof value === 'object') {
    if (typeof value.system === 'string' && typeof value.code === 'string') out.push(value);
    for (const v of Object.values(value)) codings(v, out);
  }
  return out;
}
