// Placeholder until the loader lands.
import type { Resource } from '../fhir/resource.js';
export async function loadDataSource(_path: string): Promise<Resource[]> { return []; }
