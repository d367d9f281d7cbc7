/**
 * The synthetic data generator: a deterministic, plausible set of charts for a seed.
 *
 * Output order: Organization, Locations, Practitioners, PractitionerRoles, then for each
 * patient: Patient, RelatedPerson, Encounters, Conditions, Observations, DiagnosticReports,
 * MedicationRequests, AllergyIntolerances, Immunizations, Procedures, DocumentReferences,
 * CarePlans, Goals. Ids are readable and stable (see `ids.ts`); references are relative.
 */
import type { Resource } from '../src/fhir/resource.js';
import { generateChart } from './chart.js';
import { DAY, DEFAULT_REFERENCE_DATE, parseDate } from './dates.js';
import { generateFacility } from './facility.js';
import { patientId } from './ids.js';
import { provenanceFor } from './provenance.js';
import { createRandomSource } from './random.js';
import { createSharing } from './sharing.js';

/** Options of `generateSeedData`. */
export interface SeedOptions {
  /** The same seed (and options) gives the same resources, byte for byte. */
  seed: number;
  /** Number of synthetic patients (0 for none). */
  patients: number;
  /** ISO date (`YYYY-MM-DD`) the records are anchored to: the "today" of the data. Default `2026-01-01`. */
  referenceDate?: string;
  /** Called after each patient's chart, so a command line can show progress. */
  onProgress?: SeedProgress;
}

/** Progress of generation: `done` of `total` patients. */
export type SeedProgress = (done: number, total: number) => void;

/** Stream index of the shared resources (patients use their 0-based index). */
const FACILITY_STREAM = 0xffffffff;

/**
 * Generates the synthetic data set. Deterministic: it never reads the clock or
 * `Math.random`; patient N's chart depends only on the seed, N and the reference date, so a
 * smaller data set is a prefix of a larger one.
 */
export function generateSeedData(options: SeedOptions): Resource[] {
  const out: Resource[] = [];
  for (const part of seedParts(options)) for (const r of part) out.push(r);
  return out;
}

/**
 * The resources of `generateSeedData`, in the same order, made one patient's chart at a time
 * as they are taken. A store that loads them as they come holds no generated chart it has not
 * loaded yet: the objects its load replaces (equal elements made one) die while they are young.
 */
export function seedResources(options: SeedOptions): Iterable<Resource> {
  const parts = seedParts(options);
  return {
    *[Symbol.iterator]() {
      for (const part of parts) yield* part;
    },
  };
}

/** The facility's resources, then each patient's chart; the options are checked at once. */
function seedParts(options: SeedOptions): Iterable<Resource[]> {
  const { seed, patients } = options;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be a whole number from 0 to 2^32-1 (got ${seed})`);
  if (!Number.isInteger(patients) || patients < 0) throw new RangeError(`patients must be a whole number, 0 or more (got ${patients})`);
  const now = parseDate(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  return {
    *[Symbol.iterator]() {
      const random = createRandomSource(seed);
      random.reseed(seed, FACILITY_STREAM);
      const { facility, resources } = generateFacility(random, now - 6 * 365 * DAY);
      const shared = createSharing();
      let provenance = 0;
      resources.push(...provenanceFor(resources, facility, () => `prov-facility-${++provenance}`));
      yield resources;
      for (let index = 0; index < patients; index++) {
        random.reseed(seed, index);
        const chart: Resource[] = [];
        generateChart(random, facility, now, index, patientId(index), chart, shared);
        options.onProgress?.(index + 1, patients);
        yield chart;
      }
    },
  };
}
