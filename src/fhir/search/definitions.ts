/**
 * The one table of search parameters: the common ones every type has (R4 search.html
 * 3.1.1.2, "Parameters for all resources") and the per-type ones. Lookups only; the
 * table is built once and never changes.
 */
import { ADMIN_DEFINITIONS } from './definitions-admin.js';
import { CLINICAL_DEFINITIONS } from './definitions-clinical.js';
import { COMPARTMENT_DEFINITIONS } from './definitions-compartment.js';
import { US_CORE_DEFINITIONS } from './definitions-us-core.js';
import { date, forType, token, uri } from './define.js';
import type { SearchParameterDefinition } from './types.js';

const COMMON = forType('Resource', [
  token('_id', ['id'], 'Logical id of this artifact'),
  date('_lastUpdated', ['meta.lastUpdated'], 'When the resource version last changed'),
  uri('_profile', ['meta.profile'], 'Profiles this resource claims to conform to'),
  token('_security', ['meta.security'], 'Security Labels applied to this resource'),
  uri('_source', ['meta.source'], 'Identifies where the resource comes from'),
  token('_tag', ['meta.tag'], 'Tags applied to this resource'),
]);

const BY_TYPE: ReadonlyMap<string, ReadonlyMap<string, SearchParameterDefinition>> = new Map(
  [...CLINICAL_DEFINITIONS, ...ADMIN_DEFINITIONS, ...COMPARTMENT_DEFINITIONS, ...US_CORE_DEFINITIONS].map((rows) => [
    rows[0]!.type,
    new Map(rows.map((d) => [d.name, d])),
  ]),
);

const COMMON_BY_NAME: ReadonlyMap<string, SearchParameterDefinition> = new Map(COMMON.map((d) => [d.name, d]));

/**
 * Every search parameter of a type, common ones first (for the CapabilityStatement's
 * `rest.resource.searchParam`). Types without a table of their own have the common ones.
 */
export function searchParametersFor(type: string): SearchParameterDefinition[] {
  return [...COMMON, ...(BY_TYPE.get(type)?.values() ?? [])];
}

/** The definition of `name` on `type`, or undefined when the type has no such parameter. */
export function findSearchParameter(type: string, name: string): SearchParameterDefinition | undefined {
  return COMMON_BY_NAME.get(name) ?? BY_TYPE.get(type)?.get(name);
}

/** The reference parameters of a type (for `_include=Type:*`). */
export function referenceParametersOf(type: string): SearchParameterDefinition[] {
  return searchParametersFor(type).filter((d) => d.kind === 'reference');
}
