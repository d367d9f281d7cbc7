/**
 * Turns query parameters into a SearchRequest (R4 search.html): criteria (3.1.1.4), the
 * result parameters `_sort`, `_count`, `_include`, `_revinclude`, `_summary`, `_total`,
 * `_elements` (3.1.1.5), the formatting parameters `_format` and `_pretty`, and `_offset`
 * (this server's paging parameter). A search applies every parameter it is given or fails:
 * only names unknown to this server and to FHIR R4 are ignored (listed in `ignored`, and
 * refused under `Prefer: handling=strict`, 3.1.1.2); chains, `_has`, modifiers, prefixes and
 * R4 parameters this server lacks are a 400 naming the parameter (parameter.ts).
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { parseCriterion } from './criterion.js';
import { findSearchParameter } from './definitions.js';
import { parseElements } from './elements.js';
import { parseParameter, UNKNOWN } from './parameter.js';
import { checkSearchLimits } from './limits.js';
import type { IncludeSpec, SearchOptions, SearchRequest, SortSpec, SummaryMode, TotalMode } from './types.js';

const SUMMARY: readonly string[] = ['true', 'false', 'text', 'data', 'count'];
const TOTAL: readonly string[] = ['none', 'estimate', 'accurate'];
/** Result parameters (3.1.1.5) and formatting parameters this parser reads itself. */
const RESULT_PARAMETERS: ReadonlySet<string> = new Set([
  '_count', '_offset', '_sort', '_include', '_revinclude', '_summary', '_total', '_elements', '_format', '_pretty',
]);

function nonNegativeInteger(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw badRequest(`Invalid ${name} '${value}': expected a non-negative integer`);
  }
  return n;
}

function parseSort(type: string, value: string): SortSpec[] {
  return value.split(',').map((item) => {
    const descending = item.startsWith('-');
    const name = descending ? item.slice(1) : item;
    const definition = name ? findSearchParameter(type, name) : undefined;
    if (!definition) throw badRequest(`Invalid _sort '${value}': '${name}' is not a search parameter of ${type}`);
    if (definition.kind === 'composite') throw badRequest(`Invalid _sort '${value}': '${name}' is a composite parameter`);
    return { name, descending, definition };
  });
}

function parseInclude(type: string, key: '_include' | '_revinclude', value: string, iterate: boolean): IncludeSpec {
  const parts = value.split(':');
  const [sourceType, param, targetType] = parts as [string, string | undefined, string | undefined];
  const written = iterate ? `${key}:iterate` : key;
  const fail = (why: string): never => {
    throw badRequest(`Invalid ${written} '${value}': ${why}`);
  };
  if (parts.length < 2 || parts.length > 3 || !param) fail('expected Type:parameter or Type:parameter:TargetType');
  if (!R4_RESOURCE_TYPES.has(sourceType)) fail(`'${sourceType}' is not a resource type`);
  if (key === '_include' && !iterate && sourceType !== type) fail(`the source type must be ${type} (or use _include:iterate)`);
  const def = param === '*' ? undefined : findSearchParameter(sourceType, param!);
  if (param !== '*' && def?.kind !== 'reference') fail(`'${param}' is not a reference search parameter of ${sourceType}`);
  if (targetType !== undefined) {
    if (!R4_RESOURCE_TYPES.has(targetType)) fail(`'${targetType}' is not a resource type`);
    if (def?.targets && !def.targets.includes(targetType)) fail(`${sourceType}:${param} does not refer to ${targetType}`);
    if (key === '_revinclude' && !iterate && targetType !== type) fail(`the target type must be ${type} (or use _revinclude:iterate)`);
  }
  return { sourceType, param: param!, ...(targetType !== undefined ? { targetType } : {}), ...(iterate ? { iterate } : {}) };
}

/**
 * Parses the query parameters of a search on `type`. Throws 400 (OperationOutcome) for a
 * malformed value, an unsupported modifier, a bad `_sort`, `_include`, `_count`, `_offset`,
 * `_summary` or `_total`, a repeated single-valued result parameter, and, under `strict`,
 * an unknown parameter, and for a request past SEARCH_LIMITS (`limits.ts`). `_count` is
 * capped at `maxCount` silently.
 */
export function parseSearch(type: string, params: Array<[string, string]>, options: SearchOptions): SearchRequest {
  checkSearchLimits(params);
  const { now } = options;
  const request: SearchRequest = {
    type,
    criteria: [],
    sort: [],
    count: Math.min(options.defaultCount, options.maxCount),
    offset: 0,
    include: [],
    revinclude: [],
    ignored: [],
  };
  const seen = new Set<string>();
  const once = (name: string): void => {
    if (seen.has(name)) throw badRequest(`${name} may be given only once`);
    seen.add(name);
  };
  const unknown = (key: string, why = 'is not a supported search parameter'): void => {
    if (options.strict) throw badRequest(`'${key}' ${why} for ${type} (Prefer: handling=strict)`);
    request.ignored.push(key);
  };
  for (const [key, value] of params) {
    const colon = key.indexOf(':');
    const name = colon < 0 ? key : key.slice(0, colon);
    const modifier = colon < 0 ? undefined : key.slice(colon + 1);
    const iterate = (name === '_include' || name === '_revinclude') && modifier === 'iterate';
    if (modifier !== undefined && RESULT_PARAMETERS.has(name) && !iterate) {
      unknown(key);
      continue;
    }
    switch (name) {
      case '_count':
        once(name);
        request.count = Math.min(nonNegativeInteger(value, name), options.maxCount);
        break;
      case '_offset':
        once(name);
        request.offset = nonNegativeInteger(value, name);
        break;
      case '_sort':
        once(name);
        request.sort = parseSort(type, value);
        break;
      case '_include':
      case '_revinclude': {
        const specs = request[name === '_include' ? 'include' : 'revinclude'];
        const spec = parseInclude(type, name, value, iterate);
        // The same include twice adds nothing but work.
        if (!specs.some((s) => s.sourceType === spec.sourceType && s.param === spec.param && s.targetType === spec.targetType && s.iterate === spec.iterate)) specs.push(spec);
        break;
      }
      case '_summary':
        once(name);
        if (!SUMMARY.includes(value)) throw badRequest(`Invalid _summary '${value}': expected ${SUMMARY.join(', ')}`);
        request.summary = value as SummaryMode;
        break;
      case '_total':
        once(name);
        if (!TOTAL.includes(value)) throw badRequest(`Invalid _total '${value}': expected ${TOTAL.join(', ')}`);
        request.total = value as TotalMode;
        break;
      case '_elements':
        request.elements = [...(request.elements ?? []), ...parseElements(type, value)];
        break;
      case '_format':
        request.format = value;
        break;
      case '_pretty':
        request.pretty = value;
        break;
      default: {
        const criterion = parseParameter(type, key, value, now);
        if (criterion === UNKNOWN) unknown(key);
        else if (criterion) request.criteria.push(criterion);
        else request.ignored.push(key);
      }
    }
  }
  if (request.elements !== undefined && request.summary !== undefined && request.summary !== 'false' && request.summary !== 'count') {
    throw badRequest(`_elements cannot be combined with _summary=${request.summary}`);
  }
  return request;
}

/**
 * Parses one more criterion and ANDs it to `request` (in place; the request is returned
 * too), e.g. to keep a search inside what a token may see. It is marked implicit, so links
 * made by `formatSearch` leave it out. Throws 400 for an unknown parameter or a bad value.
 */
export function addCriterion(request: SearchRequest, name: string, value: string, now: number): SearchRequest {
  const colon = name.indexOf(':');
  const base = colon < 0 ? name : name.slice(0, colon);
  const def = findSearchParameter(request.type, base);
  if (!def) throw badRequest(`'${base}' is not a search parameter of ${request.type}`);
  const criterion = parseCriterion(def, colon < 0 ? undefined : name.slice(colon + 1), value, now);
  if (!criterion) throw badRequest(`Search parameter '${name}' needs a value`);
  request.criteria.push({ ...criterion, implicit: true });
  return request;
}
