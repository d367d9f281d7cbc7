// Placeholder until the generator lands.
import type { Resource } from '../src/fhir/resource.js';
export interface SeedOptions { seed: number; patients: number; referenceDate?: string }
export function generateSeedData(_options: SeedOptions): Resource[] { return []; }
