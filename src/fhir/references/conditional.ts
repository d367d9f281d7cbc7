/**
 * Conditional references (`Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999999698`),
 * as Synthea writes them. R4 http.html#trules: the server searches with the reference's
 * criteria; one match replaces the reference with `Type/id`, none or several fail. One
 * resolver serves transactions over HTTP and the `data` loader alike; only the lookup (the
 * live store under the caller's access, or the data being loaded) differs.
 */
import { OperationOutcomeError } from '../../errors/operation-outcome.js';
import { criteriaParams, type CriteriaLookup } from '../conditional/criteria.js';
import { eachReference } from './walk.js';

const CONDITIONAL = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** Type and criteria of a conditional reference, or undefined for any other reference. */
export function conditionalReference(reference: string): { type: string; query: string } | undefined {
  const match = CONDITIONAL.exec(reference);
  return match ? { type: match[1]!, query: match[2]! } : undefined;
}

/** Where Synthea puts the shared resources a patient file points at, for messages. */
const SYNTHEA_FILES: Record<string, string> = {
  Practitioner: 'practitionerInformation*.json',
  PractitionerRole: 'practitionerInformation*.json',
  Organization: 'hospitalInformation*.json',
  Location: 'hospitalInformation*.json',
};

/** A hint at the file that usually holds the missing target (Synthea's layout). */
export function missingTargetHint(type: string): string {
  const file = SYNTHEA_FILES[type];
  return file ? ` (Synthea writes ${type} resources to ${file}: load or upload that file first)` : '';
}

/** The `Type/id` a conditional reference resolves to, or why it does not resolve. */
export function resolveConditional(reference: string, lookup: CriteriaLookup): string | { error: string } {
  const parsed = conditionalReference(reference);
  if (!parsed) return { error: 'not a conditional reference' };
  let found;
  try {
    found = lookup(parsed.type, criteriaParams(parsed.query), `conditional reference ${reference}`);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return { error: error.message };
    throw error;
  }
  if (found.total === 0) return { error: `no ${parsed.type} matches ${parsed.query}${missingTargetHint(parsed.type)}` };
  if (found.total > 1) return { error: `${found.total} resources of type ${parsed.type} match ${parsed.query}; a conditional reference must match exactly one` };
  return `${parsed.type}/${found.matches[0]!.id}`;
}

/**
 * Replaces every conditional reference of `resource` (in place) with the `Type/id` it
 * resolves to; returns a message for each one that does not resolve. `cache` keeps
 * resolutions across resources (a bundle names the same practitioner many times).
 */
export function resolveConditionalReferences(
  resource: unknown,
  lookup: CriteriaLookup,
  cache: Map<string, string | { error: string }> = new Map(),
): string[] {
  const problems: string[] = [];
  eachReference(resource, (holder) => {
    const reference = holder.reference as string;
    if (!CONDITIONAL.test(reference)) return;
    let resolved = cache.get(reference);
    if (resolved === undefined) {
      resolved = resolveConditional(reference, lookup);
      cache.set(reference, resolved);
    }
    if (typeof resolved === 'string') holder.reference = resolved;
    else problems.push(`reference ${reference} cannot be resolved: ${resolved.error}`);
  });
  return problems;
}
