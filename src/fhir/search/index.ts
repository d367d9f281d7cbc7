/**
 * The FHIR R4 search engine (R4 search.html): a table of search parameters, a parser from
 * query parameters to a SearchRequest, an executor over a ResourceStore, and a formatter
 * for the Bundle links.
 *
 * Supported: token, reference, date, string, quantity, number and uri parameters with the
 * modifiers `:missing`, `:not`, `:text`, `:exact`, `:contains`, `:[Type]`, `:below`,
 * `:above` (per type); the prefixes `eq ne gt lt ge le sa eb ap`; `_id`, `_lastUpdated`,
 * `_tag`, `_security`, `_profile`; `_sort`, `_count`, `_offset`, `_include`, `_revinclude`
 * (with `*` and a target type), `_summary`, `_total`, `_elements`, `_format`, `_pretty`.
 * Not supported: chained parameters, `_has`, composite parameters, `_text`, `_content`,
 * `_list`, `_type`, `_filter`, `_query`, `:iterate` includes, `:in`, `:not-in`, `:above`
 * and `:below` on tokens, `:of-type`, `:identifier` (unknown parameters are ignored, or a
 * 400 under strict handling; unsupported modifiers are always a 400).
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
