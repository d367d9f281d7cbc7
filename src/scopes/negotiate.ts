/**
 * Scope negotiation: what the app asked for × what the client is registered for × the kind
 * of launch (SMART App Launch 2.2, "Scopes and Launch Context", and "Backend Services").
 *
 * The server may grant narrower scopes than requested (SMART 2.2 §"Wildcard scopes": "the
 * scopes ultimately granted by the authorization server may differ from the scopes
 * requested"). This one grants the intersection, in the request's own syntax:
 * - `patient/Observation.cruds` from a client registered for `patient/*.rs` becomes
 *   `patient/Observation.rs`;
 * - a v1 request is answered in v1 (SMART 2.2: servers "SHOULD return v1 scopes when v1
 *   scopes are requested"): `patient/Observation.*` narrowed to read becomes
 *   `patient/Observation.read`. When the intersection is not `rs`, `cud` or `cruds` (say
 *   `r` alone) v1 cannot say it, and the largest v1 part is granted (none → rejected);
 * - a wildcard request from a client registered for named types becomes one scope per type
 *   (`patient/*.rs` with `patient/Observation.rs patient/Condition.rs` allowed grants both);
 * - a registered pattern with a granular filter only matches a request with the same filter.
 * A scope left unchanged is granted verbatim (the exact requested string).
 */
import { PERMISSION_ORDER, intersect, isSubset, union } from './permissions.js';
import { isCovered } from './cover.js';
import { formatScope, parseScopes, tryParseScope } from './parse.js';
import { sameQuery, unsupportedQueryReason } from './query.js';
import type { ParsedScope, Permission, ResourceScope, ScopeProblem } from './types.js';

/** The client's registered scope patterns, e.g. `['patient/*.rs', 'launch', 'openid', 'fhirUser']`. */
export type AllowedScopes = readonly string[];

/** How the token is being obtained: EHR launch, standalone launch, or backend services (client_credentials). */
export type LaunchMode = 'ehr' | 'standalone' | 'backend';

export interface NegotiateOptions {
  context: LaunchMode;
  /**
   * EHR launch only: what the launch carries. `patient: false` refuses `launch/patient` and
   * every `patient/` scope (SMART 2.2: granting a patient scope SHALL establish a patient in
   * context); `encounter: false` refuses `launch/encounter`. Absent: not checked.
   * Ignored in standalone launches, where the pickers provide the context.
   */
  launchContext?: { patient?: boolean; encounter?: boolean };
}

/** A requested scope granted in a narrower form. */
export interface NarrowedScope {
  scope: string;
  to: string[];
  reason: string;
}

export interface NegotiationResult {
  /** Granted scopes in request order, without duplicates. */
  granted: string[];
  /** Requested scopes granted not at all, with the reason. */
  rejected: ScopeProblem[];
  /** Requested scopes granted in part (each also contributes its `to` scopes to `granted`). */
  narrowed: NarrowedScope[];
  /** The launch context the grant needs: a patient for `patient/` scopes or `launch/patient`; an encounter for `launch/encounter`. */
  requiresContext: { patient: boolean; encounter: boolean };
}

const CRUDS: ReadonlySet<Permission> = new Set(PERMISSION_ORDER);
const READ: ReadonlySet<Permission> = new Set(['r', 's']);
const WRITE: ReadonlySet<Permission> = new Set(['c', 'u', 'd']);

/** The largest permission set v1 can express within `perms` (`*`, `read`, `write`, or nothing). */
function largestV1(perms: ReadonlySet<Permission>): ReadonlySet<Permission> | undefined {
  if (isSubset(CRUDS, perms)) return CRUDS;
  if (isSubset(READ, perms)) return READ;
  if (isSubset(WRITE, perms)) return WRITE;
  return undefined;
}

function render(req: ResourceScope, resourceType: string, perms: ReadonlySet<Permission>): string | undefined {
  const wanted = req.version === 'v1' ? largestV1(perms) : perms.size > 0 ? perms : undefined;
  if (!wanted) return undefined;
  if (resourceType === req.resourceType && isSubset(req.permissions, wanted)) return req.raw;
  const scope: ResourceScope = { ...req, resourceType, permissions: wanted };
  return formatScope(scope);
}

/** The grant for one resource scope: the scopes to grant, or the reason for none. */
function grantResource(req: ResourceScope, allowed: readonly ResourceScope[]): string[] | string {
  const fits = allowed.filter(
    (a) => a.context === req.context && (a.query === undefined || sameQuery(a.query, req.query)),
  );
  const permsFor = (type: string): Set<Permission> =>
    union(fits.filter((a) => a.resourceType === '*' || a.resourceType === type).map((a) => a.permissions));
  const out: string[] = [];
  const wild = intersect(req.permissions, permsFor(req.resourceType));
  const first = render(req, req.resourceType, wild);
  if (first) out.push(first);
  if (req.resourceType === '*') {
    const named = [...new Set(fits.map((a) => a.resourceType).filter((t) => t !== '*'))];
    for (const type of named) {
      const perms = intersect(req.permissions, permsFor(type));
      const s = isSubset(perms, wild) ? undefined : render(req, type, perms);
      if (s) out.push(s);
    }
  }
  if (out.length > 0) return out;
  if (wild.size > 0) return `this client may only have .${[...wild].join('')} here, which a v1 scope cannot express`;
  return 'not among the scopes this client is registered for';
}

function contextProblem(p: ParsedScope, options: NegotiateOptions): string | undefined {
  const mode = options.context;
  const ctx = mode === 'ehr' ? options.launchContext : undefined;
  if (mode === 'backend') {
    if (p.kind === 'resource' && p.context === 'system') return undefined;
    return p.kind === 'resource'
      ? `${p.context}/ scopes need a user; backend services get system/ scopes only`
      : 'backend services (client_credentials) get system/ scopes only';
  }
  if (p.kind === 'resource') {
    if (p.context === 'system') return 'system/ scopes are for backend services, not app launches';
    if (p.context === 'patient' && ctx?.patient === false) return 'patient/ scopes need a patient in context and this EHR launch has none';
    return undefined;
  }
  if (p.kind !== 'launch') return undefined;
  if (p.target === undefined) {
    return mode === 'ehr' ? undefined : 'launch needs an EHR launch (the app must have been opened with a launch parameter)';
  }
  if (ctx?.[p.target] === false) return `this EHR launch has no ${p.target} in context`;
  return undefined;
}

function grantOne(p: ParsedScope, allowed: readonly ParsedScope[], options: NegotiateOptions): string[] | string {
  const problem = contextProblem(p, options);
  if (problem) return problem;
  if (p.kind !== 'resource') {
    return allowed.some((a) => a.raw === p.raw) ? [p.raw] : 'not among the scopes this client is registered for';
  }
  const unsupported = unsupportedQueryReason(p.resourceType, p.query);
  if (unsupported) return unsupported;
  return grantResource(
    p,
    allowed.filter((a): a is ResourceScope => a.kind === 'resource'),
  );
}

function requiredContext(granted: readonly string[]): NegotiationResult['requiresContext'] {
  const parsed = granted.map((s) => tryParseScope(s)).flatMap((r) => (r.ok ? [r.scope] : []));
  return {
    patient: parsed.some(
      (p) => (p.kind === 'resource' && p.context === 'patient') || (p.kind === 'launch' && p.target === 'patient'),
    ),
    encounter: parsed.some((p) => p.kind === 'launch' && p.target === 'encounter'),
  };
}

/**
 * Negotiates a scope request (SMART App Launch 2.2, "Scopes and Launch Context"; "Backend
 * Services" for `backend`). Rules besides the intersection described in the module notes:
 * - backend: only `system/` scopes; app launches: `system/` is refused;
 * - `launch` needs an EHR launch; `launch/patient` and `launch/encounter` are granted in a
 *   standalone launch (the pickers supply them) and in an EHR launch unless `launchContext`
 *   says the context is missing;
 * - identity (`openid`, `fhirUser`, `profile`) and refresh (`offline_access`,
 *   `online_access`) scopes are granted when registered, in app launches only;
 * - malformed or unknown scopes and granular filters this server cannot enforce are rejected.
 * Nothing here throws: an empty `granted` is the caller's `invalid_scope`.
 */
export function negotiate(
  requested: string | readonly string[],
  allowed: AllowedScopes,
  options: NegotiateOptions,
): NegotiationResult {
  const { scopes, invalid } = parseScopes(typeof requested === 'string' ? requested : requested.join(' '));
  const registered = parseScopes(allowed.join(' ')).scopes;
  const granted: string[] = [];
  const rejected: ScopeProblem[] = [...invalid];
  const narrowed: NarrowedScope[] = [];
  for (const p of scopes) {
    const r = grantOne(p, registered, options);
    if (typeof r === 'string') {
      rejected.push({ scope: p.raw, reason: r });
      continue;
    }
    for (const s of r) if (!granted.includes(s)) granted.push(s);
    if (r.length !== 1 || r[0] !== p.raw) {
      narrowed.push({ scope: p.raw, to: r, reason: 'narrowed to what this client is registered for' });
    }
  }
  return { granted, rejected, narrowed, requiresContext: requiredContext(granted) };
}

/**
 * Consent-page narrowing (contract §3): the scopes the user kept or chose. Each selected
 * scope must be covered by the negotiated set: an offered scope itself, or a narrower one
 * such as the category sub-scope
 * `patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory`
 * of an offered `patient/Observation.rs` (SMART 2.2 "Finer-grained resource constraints").
 * A selected sub-scope with a filter this server cannot enforce is rejected as well.
 * The result is therefore never wider than `granted`.
 */
export function narrowTo(
  granted: readonly string[],
  selected: readonly string[],
): { granted: string[]; rejected: ScopeProblem[] } {
  const held = parseScopes(granted.join(' ')).scopes;
  const kept: string[] = [];
  const rejected: ScopeProblem[] = [];
  for (const s of selected) {
    if (kept.includes(s)) continue;
    const r = tryParseScope(s);
    const reason = !r.ok
      ? r.reason
      : r.scope.kind === 'resource'
        ? unsupportedQueryReason(r.scope.resourceType, r.scope.query)
        : undefined;
    if (reason) rejected.push({ scope: s, reason });
    else if (r.ok && isCovered(r.scope, held)) kept.push(s);
    else rejected.push({ scope: s, reason: 'not among the scopes offered' });
  }
  return { granted: kept, rejected };
}
