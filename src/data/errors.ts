/** Problems found while loading FHIR data, and the error that reports them all at once. */

/** One problem: where (file, entry, resource) and what. */
export interface DataProblem {
  file: string;
  /** `entry 3`, `line 12`, or undefined for the file as a whole. */
  entry?: string;
  /** `Type/id` of the resource, when known. */
  resource?: string;
  message: string;
}

/** `file, entry 3 (Patient/p1): message`. */
export function formatProblem(p: DataProblem): string {
  const where = [p.file, p.entry].filter(Boolean).join(', ');
  return `${where}${p.resource ? ` (${p.resource})` : ''}: ${p.message}`;
}

/**
 * Thrown when FHIR data cannot be loaded: bad JSON, an invalid resource, a duplicate id, a
 * reference that points nowhere. `problems` lists every one, each naming its file and entry;
 * nothing is loaded.
 */
export class DataLoadError extends Error {
  readonly code = 'ERR_MOCK_EHR_DATA';
  readonly problems: DataProblem[];

  constructor(problems: DataProblem[]) {
    const shown = problems.slice(0, 50).map((p) => `  - ${formatProblem(p)}`);
    if (problems.length > 50) shown.push(`  - ... and ${problems.length - 50} more`);
    super(`Could not load FHIR data (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown.join('\n')}`);
    this.name = 'DataLoadError';
    this.problems = problems;
  }
}
