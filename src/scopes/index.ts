/**
 * SMART scopes (SMART App Launch 2.2, "Scopes and Launch Context"): parse v1, v2 and
 * granular scopes; negotiate a request against a client's registration; narrow on the
 * consent page and at refresh; decide FHIR requests; describe scopes in plain language.
 * Pure functions, no I/O.
 */
export { ScopeSyntaxError, formatScope, parseScope, parseScopes, tryParseScope } from './parse.js';
export type { ScopeParseResult } from './parse.js';
export { negotiate, narrowTo } from './negotiate.js';
export type { AllowedScopes, LaunchMode, NarrowedScope, NegotiateOptions, NegotiationResult } from './negotiate.js';
export { isCovered, isSubsetOf, uncoveredScopes } from './cover.js';
export { INTERACTION_PERMISSION, decide } from './decide.js';
export type {
  AccessFilter,
  AccessRequest,
  AllowedDecision,
  Decision,
  DeniedDecision,
  FhirInteraction,
  TokenContext,
} from './decide.js';
export { describeScope } from './describe.js';
export { categoryOptions, categorySubScopes } from './categories.js';
export type { CategoryOption, CategorySubScope } from './categories.js';
export { ENFORCEABLE_QUERY_PARAMS, unsupportedQueryReason } from './query.js';
export type {
  IdentityScope,
  LaunchScope,
  ParsedScope,
  Permission,
  RefreshScope,
  ResourceScope,
  ScopeContext,
  ScopeProblem,
  ScopeQuery,
} from './types.js';
