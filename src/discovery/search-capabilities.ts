/**
 * The search part of each `rest.resource` entry of the CapabilityStatement (R4
 * capabilitystatement.html): `searchInclude`, `searchRevInclude` and `searchParam`, all read
 * from the one parameter table, so they list exactly what the search engine applies. R4 has
 * no element for chains, so each reference parameter says in its `documentation` which types
 * it can be chained to, and the resource's `documentation` names the search features.
 */
import { R4_RESOURCE_TYPES } from '../fhir/resource-types.js';
import { searchParametersFor } from '../fhir/search/index.js';

/** The US Core server CapabilityStatement this server's search and read API follows. */
export const US_CORE_SERVER = 'http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server';

/** `Source:param` entries, by the type they can refer to (for `searchRevInclude`). */
export function revIncludesByTarget(): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const source of [...R4_RESOURCE_TYPES].sort()) {
    for (const p of searchParametersFor(source)) {
      if (p.kind !== 'reference') continue;
      for (const target of p.targets ?? R4_RESOURCE_TYPES) {
        if (!byTarget.has(target)) byTarget.set(target, []);
        byTarget.get(target)!.push(`${source}:${p.name}`);
      }
    }
  }
  return byTarget;
}

const FEATURES =
  'Search: chained parameters over reference parameters (patient.identifier, subject:Patient.name, several levels), ' +
  'reverse chains (_has:Type:reference:parameter, nested), _include and _revinclude, _sort, _count, _summary ' +
  '(true, text, data, count), _elements, _total. A parameter the server cannot apply is refused with 400, never ignored.';

/** The search elements of the CapabilityStatement entry of `type`. */
export function searchCapabilities(type: string, revIncludes: ReadonlyMap<string, readonly string[]>): Record<string, unknown> {
  const params = searchParametersFor(type);
  const includes = params.filter((p) => p.kind === 'reference').map((p) => `${type}:${p.name}`);
  const revIncludesOf = revIncludes.get(type) ?? [];
  // FHIR JSON has no empty arrays: a list with nothing in it is left out.
  return {
    documentation: FEATURES,
    ...(includes.length > 0 ? { searchInclude: [...includes, `${type}:*`] } : {}),
    ...(revIncludesOf.length > 0 ? { searchRevInclude: [...revIncludesOf] } : {}),
    searchParam: params.map((p) => {
      const chain =
        p.kind === 'reference'
          ? ` Chainable to ${p.targets ? p.targets.join(', ') : 'any resource type'} (${p.name}.[parameter]).`
          : '';
      return {
        name: p.name,
        ...(p.url ? { definition: p.url } : {}),
        type: p.kind,
        documentation: p.description + chain,
      };
    }),
  };
}

/** `rest.searchParam`: the parameters of a system-level search (`GET [base]?_type=...`). */
export function systemSearchParams(): Record<string, unknown>[] {
  return [
    ...searchParametersFor('Resource').map((p) => ({ name: p.name, type: p.kind, documentation: p.description })),
    { name: '_type', type: 'token', documentation: 'The resource types to search (a comma list); all types when absent' },
  ];
}
