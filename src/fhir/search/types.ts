/**
 * The data the search engine works with: parameter definitions, parsed criteria and the
 * parsed request. Everything here is plain data, so a request can be copied with
 * `structuredClone` and changed (e.g. by `addCriterion`) without touching the copy.
 */

/** The parameter types this engine evaluates (R4 search.html 3.1.1.4, SearchParamType). */
export type SearchParamKind = 'token' | 'reference' | 'date' | 'string' | 'quantity' | 'number' | 'uri' | 'composite';

/** One part of a composite parameter: a simple kind and its paths, relative to the composite's base. */
export interface CompositeComponent {
  kind: Exclude<SearchParamKind, 'composite'>;
  paths: string[];
}

/**
 * One search parameter (the essentials of an R4 SearchParameter resource).
 * `paths` are dotted element paths relative to the resource: arrays are flattened, choice
 * types are written out (`valueQuantity`), and one segment may carry a restriction
 * `telecom[system=phone]` (for FHIRPath `where(system='phone')`). A value matches when any
 * path yields a matching element.
 */
export interface SearchParameterDefinition {
  /** The resource type, or `Resource` for parameters every type has. */
  type: string;
  name: string;
  kind: SearchParamKind;
  paths: string[];
  /** Reference targets; absent means any type. References of other types never match. */
  targets?: string[];
  /**
   * Composite parameters (R4 search.html 3.1.1.4.8): the parts, matched together on one
   * element of `paths`; the path `$this` is the resource itself.
   */
  components?: CompositeComponent[];
  /** The canonical URL of the SearchParameter, when it is not the R4 base one (US Core). */
  url?: string;
  description: string;
}

/** Comparison prefixes of ordered types (R4 search.html 3.1.1.4.5). */
export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** A half-open range of epoch milliseconds `[lo, hi)`; open ends are infinite. */
export interface TimeRange {
  lo: number;
  hi: number;
}

/** A decimal with the range its precision implies (`5.4` is `[5.35, 5.45)`). */
export interface Decimal {
  value: number;
  lo: number;
  hi: number;
}

/**
 * A token value: `code` (any system), `system|code`, `|code` (`system` is ''), or
 * `system|` (`code` undefined). With `:text` only `code` is used, as the text.
 */
export interface TokenValue {
  system?: string;
  code?: string;
}

/** A reference value: `Type/id`, a bare `id` (any allowed target) or an unresolvable URL. */
export interface ReferenceValue {
  type?: string;
  id?: string;
  url?: string;
}

export interface DateValue {
  prefix: Prefix;
  range: TimeRange;
  /** For `ap`: the range widened by the approximation margin. */
  approx?: TimeRange;
}

export interface QuantityValue {
  prefix: Prefix;
  number: Decimal;
  system?: string;
  code?: string;
}

export interface NumberValue {
  prefix: Prefix;
  number: Decimal;
}

interface CriterionBase {
  /** The parameter name as written, without modifier. */
  name: string;
  /** The modifier as written (`exact`, `not`, `Patient`, `missing`, ...). */
  modifier?: string;
  definition: SearchParameterDefinition;
  /** The value as received (still escaped), to repeat it in links. */
  raw: string;
  /** Added by the server (not the client): left out of links. */
  implicit?: boolean;
}

/** One parsed criterion: the OR of its values. A request ANDs its criteria. */
export type Criterion =
  | (CriterionBase & { kind: 'missing'; missing: boolean })
  | (CriterionBase & { kind: 'token'; mode: 'code' | 'not' | 'text'; values: TokenValue[] })
  | (CriterionBase & { kind: 'string'; mode: 'start' | 'exact' | 'contains'; values: string[] })
  | (CriterionBase & { kind: 'reference'; values: ReferenceValue[]; self?: boolean })
  | (CriterionBase & { kind: 'date'; values: DateValue[] })
  | (CriterionBase & { kind: 'quantity'; values: QuantityValue[] })
  | (CriterionBase & { kind: 'number'; values: NumberValue[] })
  | (CriterionBase & { kind: 'uri'; mode: 'exact' | 'below' | 'above'; values: string[] })
  /** Each value is one criterion per component, all matched on the same base element. */
  | (CriterionBase & { kind: 'composite'; values: Criterion[][] })
  /**
   * A forward chain `ref[:Type].param=value` (3.1.1.4.13): the reference parameter in
   * `definition`, and the criterion on each target type it may lead to. Resolved against
   * the store before matching (see resolve.ts).
   */
  | (CriterionBase & { kind: 'chain'; targets: ChainTarget[] })
  /**
   * A reverse chain `_has:Source:ref:param=value` (3.1.1.4.14): resources of `sourceType`
   * that match `inner` and refer to the candidate through `reference`. Resolved before matching.
   */
  | (CriterionBase & { kind: 'has'; sourceType: string; reference: SearchParameterDefinition; inner: Criterion });

/** The criterion a chain applies to one of its target types. */
export interface ChainTarget {
  type: string;
  criterion: Criterion;
}

/** `_sort` entry (R4 search.html 3.1.1.5.3). */
export interface SortSpec {
  name: string;
  descending: boolean;
  definition: SearchParameterDefinition;
}

/** `_include` / `_revinclude` entry: `sourceType:param[:targetType]`, `param` may be `*`. */
export interface IncludeSpec {
  sourceType: string;
  param: string;
  targetType?: string;
  /** `:iterate`: applied to included resources too, until nothing new is found. */
  iterate?: boolean;
}

export type SummaryMode = 'true' | 'false' | 'text' | 'data' | 'count';
export type TotalMode = 'none' | 'estimate' | 'accurate';

/** A parsed search (R4 search.html): criteria plus the result parameters. */
export interface SearchRequest {
  type: string;
  /** ANDed; each criterion ORs its values. */
  criteria: Criterion[];
  sort: SortSpec[];
  /** Page size, already capped at the server maximum. */
  count: number;
  /** Index of the first match on the page (`_offset`). */
  offset: number;
  include: IncludeSpec[];
  revinclude: IncludeSpec[];
  summary?: SummaryMode;
  total?: TotalMode;
  elements?: string[];
  format?: string;
  pretty?: string;
  /** Parameters that were not applied (unknown, unsupported or empty), as written. */
  ignored: string[];
}

export interface SearchOptions {
  /** `Prefer: handling=strict`: unknown parameters are an error instead of being ignored. */
  strict: boolean;
  defaultCount: number;
  maxCount: number;
  /** "Now" in epoch ms (the sandbox clock) for the `ap` date prefix. */
  now: number;
}
