/**
 * One criterion parameter `key=value` of a search on a type, whatever its form: a plain
 * parameter with an optional modifier, a forward chain (`patient.identifier`), or a reverse
 * chain (`_has:Observation:patient:code`). Nothing is dropped quietly (R4 search.html
 * 3.1.1.5 handling): a name this server does not know at all is reported as `UNKNOWN` for the
 * caller to ignore or refuse, but a chain, `_has`, a modifier, or a parameter FHIR R4
 * defines that this server does not implement is always a 400 naming it.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { R4_SEARCH_PARAMETER_NAMES } from '../r4/search-parameter-names.js';
import { parseChain } from './chain.js';
import { parseCriterion } from './criterion.js';
import { findSearchParameter } from './definitions.js';
import { parseHas } from './has.js';
import type { Criterion } from './types.js';

/** The parameter name means nothing on this type. */
export const UNKNOWN = 'unknown';

/** Parameters for every type (R4 search.html 3.1.1.2) that this server does not implement. */
const COMMON_UNSUPPORTED: ReadonlySet<string> = new Set(['_text', '_content', '_list', '_query', '_filter', '_type', '_contained', '_containedType']);

/** True when FHIR R4 defines the parameter on the type (or on every type). */
function definedByR4(type: string, name: string): boolean {
  return (
    COMMON_UNSUPPORTED.has(name) ||
    (R4_SEARCH_PARAMETER_NAMES[type]?.includes(name) ?? false) ||
    (R4_SEARCH_PARAMETER_NAMES.Resource?.includes(name) ?? false) ||
    (R4_SEARCH_PARAMETER_NAMES.DomainResource?.includes(name) ?? false)
  );
}

/**
 * Parses one criterion parameter; undefined when its value is empty, `UNKNOWN` when its
 * name is unknown on the type. Throws 400 (OperationOutcome) otherwise when it cannot be
 * applied exactly as written.
 */
export function parseParameter(type: string, key: string, value: string, now: number): Criterion | undefined | typeof UNKNOWN {
  if (key === '_has' || key.startsWith('_has:')) return parseHas(type, key, value, now, parseParameter);
  if (key.includes('.')) return parseChain(type, key, value, now, parseParameter);
  const colon = key.indexOf(':');
  const name = colon < 0 ? key : key.slice(0, colon);
  const modifier = colon < 0 ? undefined : key.slice(colon + 1);
  const def = findSearchParameter(type, name);
  if (def) return parseCriterion(def, modifier, value, now);
  if (definedByR4(type, name)) {
    throw badRequest(`Search parameter '${name}' of ${type} is defined by FHIR R4 but not supported by this server`);
  }
  return UNKNOWN;
}
