/**
 * The FHIR R4 search engine (R4 search.html): a table of search parameters, a parser from
 * query parameters to a SearchRequest, an executor over a ResourceStore, and a formatter
 * for the Bundle links.
 *
 * Supported: token, reference, date, string, quantity, number, uri and composite parameters
 * with the modifiers `:missing`, `:not`, `:text`, `:exact`, `:contains`, `:[Type]`,
 * `:identifier`, `:below`, `:above` (per type); the prefixes `eq ne gt lt ge le sa eb ap`;
 * forward chains and `_has` (resolved before matching, under the access filter); `_id`,
 * `_lastUpdated`, `_tag`, `_security`, `_profile`, `_source`; `_sort`, `_count`, `_offset`,
 * `_include`, `_revinclude` (with `*`, a target type and `:iterate`), `_summary`, `_total`,
 * `_elements`, `_format`, `_pretty`. Anything else FHIR R4 defines (`_text`, `_content`,
 * `_list`, `_filter`, `_query`, token `:in`, ...) is a 400; only names unknown to R4 too
 * are ignored, or a 400 under strict handling.
 */
export { addCriterion, parseSearch } from './parse.js';
export { executeSearch, type SearchResult } from './execute.js';
export { formatSearch } from './format.js';
export { findSearchParameter, searchParametersFor } from './definitions.js';
export type { ResourceFilter } from './include.js';
export type {
  Criterion,
  IncludeSpec,
  SearchOptions,
  SearchParameterDefinition,
  SearchParamKind,
  SearchRequest,
  SortSpec,
  SummaryMode,
  TotalMode,
} from './types.js';
