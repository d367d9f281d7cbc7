/**
 * `_elements` and `_summary` (R4 search.html 3.1.1.5.8-9): which top-level elements of a
 * resource a searchset returns. `_summary=true` keeps the elements R4 marks isSummary,
 * `text` keeps `text`, `id`, `meta` and the mandatory ones, `data` drops `text`;
 * `_elements=a,b` keeps those plus `id`, `meta` and the mandatory ones. A subsetted resource
 * carries the `SUBSETTED` tag so that no client mistakes it for the whole record.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { MANDATORY_ELEMENTS, SUMMARY_ELEMENTS } from '../r4/elements.js';
import type { Resource } from '../resource.js';
import type { SearchRequest } from './types.js';

/** The tag R4 prescribes on subsetted resources (search.html 3.1.1.5.8). */
export const SUBSETTED_TAG = Object.freeze({
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'Resource encoded in summary mode',
});

const NAME = /^[a-z][A-Za-z0-9]*$/;

/** Parses an `_elements` list: top-level element names, also written `Type.name` for the searched type. */
export function parseElements(type: string, value: string): string[] {
  return value
    .split(',')
    .filter((e) => e !== '')
    .map((item) => {
      const name = item.startsWith(`${type}.`) ? item.slice(type.length + 1) : item;
      if (!NAME.test(name)) {
        throw badRequest(`Invalid _elements '${value}': '${item}' is not a top-level element name of ${type}`);
      }
      return name;
    });
}

/** True when JSON key `key` is element `name` (`value[x]` covers `valueQuantity`; `_birthDate` is `birthDate`). */
function isElement(key: string, names: readonly string[]): boolean {
  const bare = key.startsWith('_') ? key.slice(1) : key;
  return names.some((name) =>
    name.endsWith('[x]')
      ? bare.startsWith(name.slice(0, -3)) && /^[A-Z]/.test(bare.slice(name.length - 3))
      : bare === name,
  );
}

function tagged(meta: unknown): Record<string, unknown> {
  const base = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
  const tags = Array.isArray(base.tag) ? base.tag : [];
  return { ...base, tag: [...tags, { ...SUBSETTED_TAG }] };
}

/** A copy of `resource` with the top-level keys that `keep` accepts, tagged SUBSETTED. */
function subset(resource: Readonly<Resource>, keep: (key: string) => boolean): Resource {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'resourceType' || key === 'id' || keep(key)) out[key] = value;
  }
  out.meta = tagged(resource.meta);
  return out as Resource;
}

export type Subsetter = (resource: Readonly<Resource>) => Resource;

/**
 * The subsetting a request asks for, or undefined when resources go out whole. `forMatches`
 * false gives the one for included resources: `_summary` applies to every entry, `_elements`
 * to the matches only (included resources are of other types, whose elements it does not name).
 */
export function subsetterFor(request: Pick<SearchRequest, 'summary' | 'elements'>, forMatches: boolean): Subsetter | undefined {
  const { summary, elements } = request;
  const mandatory = (r: Readonly<Resource>): readonly string[] => MANDATORY_ELEMENTS[r.resourceType] ?? [];
  if (summary === 'true') {
    return (r) => subset(r, (k) => isElement(k, SUMMARY_ELEMENTS[r.resourceType] ?? []) || isElement(k, mandatory(r)));
  }
  if (summary === 'text') return (r) => subset(r, (k) => k === 'text' || k === 'meta' || isElement(k, mandatory(r)));
  if (summary === 'data') return (r) => subset(r, (k) => k !== 'text');
  if (forMatches && elements !== undefined && elements.length > 0) {
    return (r) => subset(r, (k) => isElement(k, elements) || isElement(k, mandatory(r)));
  }
  return undefined;
}

/**
 * The subsetting of a read or vread (`GET Patient/1?_summary=true`, `?_elements=name`),
 * or undefined when the resource goes out whole. `_summary=count` is for searches only.
 */
export function readSubsetter(type: string, params: readonly [string, string][]): Subsetter | undefined {
  const summary = params.find(([k]) => k === '_summary')?.[1];
  const elements = params.filter(([k]) => k === '_elements').flatMap(([, v]) => parseElements(type, v));
  if (summary !== undefined && !['true', 'text', 'data', 'false'].includes(summary)) {
    throw badRequest(`Invalid _summary '${summary}' on a read: expected true, text, data or false`);
  }
  const request = { summary: summary as Pick<SearchRequest, 'summary'>['summary'], elements: elements.length > 0 ? elements : undefined };
  if (request.elements && summary !== undefined && summary !== 'false') throw badRequest(`_elements cannot be combined with _summary=${summary}`);
  return subsetterFor(request, true);
}
