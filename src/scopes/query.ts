/**
 * Granular scope filters (SMART App Launch 2.2, "Finer-grained resource constraints using
 * search parameters"): the `?param=value&...` suffix of a resource scope.
 *
 * Any `param=value` pairs parse; only some are enforceable here. This server enforces the
 * `category` token parameter (plain, no modifier) on the types listed in
 * {@link ENFORCEABLE_QUERY_PARAMS}: the parameter the SMART community and US Core converge
 * on. Everything else (other parameters, modifiers such as `code:in`, chains such as
 * `patient.birthdate`, which SMART 2.2 marks experimental) is reported unsupported, so the
 * authorization server refuses the scope rather than grant more than the app asked for.
 */
import type { ScopeQuery } from './types.js';

/** Resource type → the search parameters a granular scope of that type may use. */
export const ENFORCEABLE_QUERY_PARAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  ['Observation', 'Condition', 'DiagnosticReport', 'DocumentReference', 'ServiceRequest'].map((t) => [
    t,
    new Set(['category']),
  ]),
);

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses the text after `?` into pairs, percent-decoding names and values.
 * Returns a reason string when the text is not a `param=value(&param=value)*` list.
 */
export function parseQuery(text: string): ScopeQuery | string {
  if (text === '') return 'the granular filter after "?" is empty';
  const pairs: (readonly [string, string])[] = [];
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) return `granular filter "${part}" is not of the form param=value`;
    const name = decode(part.slice(0, eq));
    const value = decode(part.slice(eq + 1));
    if (name === undefined || value === undefined) return `granular filter "${part}" has a bad percent-escape`;
    if (!PARAM_NAME.test(name)) return `granular filter "${part}" has no valid search parameter name`;
    if (value === '') return `granular filter "${part}" has an empty value`;
    pairs.push([name, value]);
  }
  return pairs;
}

const encodeName = (s: string): string => s.replace(/[%&=\s]/g, (c) => encodeURIComponent(c));
const encodeValue = (s: string): string => s.replace(/[%&\s]/g, (c) => encodeURIComponent(c));

/** The `param=value&...` text of a query, escaping only what would break it apart again. */
export function formatQuery(query: ScopeQuery): string {
  return query.map(([n, v]) => `${encodeName(n)}=${encodeValue(v)}`).join('&');
}

/** True when two filters hold the same pairs, in any order (absent equals absent). */
export function sameQuery(a: ScopeQuery | undefined, b: ScopeQuery | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  const key = (q: ScopeQuery): string => JSON.stringify(q.map(([n, v]) => `${n}=${v}`).sort());
  return key(a) === key(b);
}

/**
 * Why this server cannot enforce a granular filter on a resource type, or undefined when
 * it can (see {@link ENFORCEABLE_QUERY_PARAMS}).
 */
export function unsupportedQueryReason(resourceType: string, query: ScopeQuery | undefined): string | undefined {
  if (query === undefined) return undefined;
  if (resourceType === '*') return 'granular filters are not supported on the wildcard type "*"';
  const allowed = ENFORCEABLE_QUERY_PARAMS.get(resourceType);
  for (const [name] of query) {
    if (!allowed?.has(name)) {
      const offer = allowed ? `only ${[...allowed].join(', ')} is supported on ${resourceType}` : `${resourceType} supports none`;
      return `granular filter parameter "${name}" is not enforced by this server (${offer})`;
    }
  }
  return undefined;
}

/** The code part of a token value: `system|code` → `code`, `code` → `code`. */
export function tokenCode(value: string): string {
  const bar = value.lastIndexOf('|');
  return bar < 0 ? value : value.slice(bar + 1);
}
