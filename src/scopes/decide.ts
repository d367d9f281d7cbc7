/**
 * Enforcement decisions: may this token perform this interaction on this resource type, and
 * under which restrictions (SMART App Launch 2.2, "Scopes for requesting FHIR Resources").
 * Pure: the FHIR layer applies the result (403 on `allowed: false`; the compartment and the
 * granular filters on every read, search, include and batch entry).
 *
 * Interaction → permission (SMART 2.2): `c` create; `r` read, vread, instance history;
 * `u` update; `d` delete; `s` type search and type history. Write never implies read.
 */
import { filterWords } from './describe.js';
import { PERMISSION_WORDS, permissionString } from './permissions.js';
import { sameQuery } from './query.js';
import type { ParsedScope, Permission, ResourceScope, ScopeContext } from './types.js';

/** The FHIR REST interactions a scope governs (R4 http.html). */
export type FhirInteraction =
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'history-type'
  | 'search-type'
  | 'create'
  | 'update'
  | 'delete';

export interface AccessRequest {
  interaction: FhirInteraction;
  resourceType: string;
}

/**
 * Which scopes a token can use: `system` for a backend-services token (only `system/`
 * scopes count); `patient` for an app token with a patient in context (`patient/` and
 * `user/` count); `user` for an app token without a patient in context (`user/` only: a
 * `patient/` scope has no patient to apply to). `undefined` is treated like `patient`.
 */
export type TokenContext = ScopeContext | undefined;

/** One way the token may reach resources of the type: a resource passes if it matches ANY entry. */
export interface AccessFilter {
  /** The granted scope this path comes from. */
  scope: string;
  /** Search parameters the resource must match (all of them); empty: no granular filter on this path. */
  query: [string, string][];
  /** True when this path is limited to the in-context patient's compartment (a `patient/` scope). */
  compartment: boolean;
}

export interface AllowedDecision {
  allowed: true;
  /** The most specific granted scope that allows the request. */
  scope: string;
  /** Every granted scope that allows the request. */
  allowedBy: string[];
  /** The contexts (`patient`, `user`, `system`) of the allowing scopes. */
  contexts: ScopeContext[];
  /**
   * Granular filters to apply. Empty: no granular filtering (some allowing scope has no
   * filter). Otherwise a resource passes when it matches ANY entry, each entry with its own
   * compartment flag (so `user/Observation.rs?category=…laboratory` together with
   * `patient/Observation.rs` reads: laboratory results of anyone, or anything of the patient).
   */
  filters: AccessFilter[];
  /** True when only `patient/` scopes allow it: restrict everything to the in-context patient's compartment. */
  compartment: boolean;
  permission: Permission;
  /** e.g. "allowed by patient/Observation.rs (category laboratory), limited to the patient in context". */
  reason: string;
}

export interface DeniedDecision {
  allowed: false;
  permission: Permission;
  /** Why, in words: what was missing and what came close. */
  reason: string;
  /** A scope that would have allowed the request, in the token's scope version. */
  wouldAllow: string;
}

export type Decision = AllowedDecision | DeniedDecision;

/** The permission letter an interaction needs (SMART 2.2 "Scopes for requesting FHIR Resources"). */
export const INTERACTION_PERMISSION: Readonly<Record<FhirInteraction, Permission>> = {
  create: 'c',
  read: 'r',
  vread: 'r',
  'history-instance': 'r',
  update: 'u',
  delete: 'd',
  'search-type': 's',
  'history-type': 's',
};

function usableContexts(token: TokenContext): ReadonlySet<ScopeContext> {
  if (token === 'system') return new Set(['system']);
  if (token === 'user') return new Set(['user']);
  return new Set(['patient', 'user']);
}

const typeMatches = (s: ResourceScope, type: string): boolean => s.resourceType === '*' || s.resourceType === type;

/** True when path `a` reaches at least everything path `b` reaches. */
function subsumes(a: ResourceScope, b: ResourceScope): boolean {
  const compartmentOk = a.context !== 'patient' || b.context === 'patient';
  return compartmentOk && (a.query === undefined || sameQuery(a.query, b.query));
}

const strictlySubsumes = (a: ResourceScope, b: ResourceScope): boolean => subsumes(a, b) && !subsumes(b, a);

/** Higher is more specific: a named type, then a filter, then fewer permissions, then a narrower context. */
function specificity(s: ResourceScope): number {
  const ctx = { patient: 2, user: 1, system: 0 }[s.context];
  return (s.resourceType === '*' ? 0 : 1000) + (s.query ? 100 : 0) + (5 - s.permissions.size) * 10 + ctx;
}

function mostSpecific(scopes: readonly ResourceScope[]): ResourceScope {
  return scopes.reduce((best, s) => (specificity(s) > specificity(best) ? s : best));
}

/** A scope for a reason text: the filter in words instead of its (long) query string. */
function label(s: ResourceScope): string {
  return s.query ? `${s.raw.slice(0, s.raw.indexOf('?'))} (${filterWords(s.resourceType, s.query)})` : s.raw;
}

function allow(allowing: ResourceScope[], permission: Permission): AllowedDecision {
  const effective = allowing.filter((a) => !allowing.some((b) => strictlySubsumes(b, a)));
  const paths: ResourceScope[] = [];
  for (const e of effective) if (!paths.some((p) => subsumes(p, e))) paths.push(e);
  const compartment = paths.every((p) => p.context === 'patient');
  const filters = paths.every((p) => p.query === undefined)
    ? []
    : paths.map((p) => ({
        scope: p.raw,
        query: (p.query ?? []).map(([n, v]): [string, string] => [n, v]),
        compartment: p.context === 'patient',
      }));
  const limit = compartment ? ', limited to the patient in context' : '';
  return {
    allowed: true,
    scope: mostSpecific(effective).raw,
    allowedBy: allowing.map((a) => a.raw),
    contexts: [...new Set(allowing.map((a) => a.context))],
    filters,
    compartment,
    permission,
    reason: `allowed by ${paths.map(label).join(' or ')}${limit}`,
  };
}

function nearMisses(resources: readonly ResourceScope[], request: AccessRequest, need: Permission, token: TokenContext): string[] {
  const usable = usableContexts(token);
  const notes: string[] = [];
  for (const s of resources.filter((r) => typeMatches(r, request.resourceType))) {
    if (!usable.has(s.context)) {
      const why =
        s.context === 'system'
          ? 'system/ scopes apply to backend-services tokens only'
          : token === 'system'
            ? `${s.context}/ scopes do not apply to backend-services tokens`
            : 'patient/ scopes need a patient in context';
      notes.push(`${s.raw} does not apply here (${why})`);
    } else if (!s.permissions.has(need)) {
      const writeOnly = (need === 'r' || need === 's') && !s.permissions.has('r') && !s.permissions.has('s');
      notes.push(`${s.raw} grants ${permissionString(s.permissions)} but not ${need}${writeOnly ? ' (write never implies read)' : ''}`);
    }
  }
  return notes;
}

function suggestion(resources: readonly ResourceScope[], request: AccessRequest, need: Permission, token: TokenContext): string {
  const context: ScopeContext = token ?? 'patient';
  const v1 = resources.length > 0 && resources.every((r) => r.version === 'v1');
  const reading = need === 'r' || need === 's';
  const suffix = v1 ? (reading ? 'read' : 'write') : reading ? 'rs' : need;
  return `${context}/${request.resourceType}.${suffix}`;
}

/**
 * Decides one request against the granted scopes (SMART App Launch 2.2, "Scopes for
 * requesting FHIR Resources"; contract §7). `patient/` and `user/` scopes combine: when a
 * `user/` scope allows the request there is no compartment restriction. Every decision
 * carries a human-readable reason.
 */
export function decide(granted: readonly ParsedScope[], request: AccessRequest, tokenContext: TokenContext): Decision {
  const need = INTERACTION_PERMISSION[request.interaction];
  const resources = granted.filter((g): g is ResourceScope => g.kind === 'resource');
  const usable = usableContexts(tokenContext);
  const allowing = resources.filter(
    (s) => usable.has(s.context) && typeMatches(s, request.resourceType) && s.permissions.has(need),
  );
  if (allowing.length > 0) return allow(allowing, need);
  const notes = nearMisses(resources, request, need, tokenContext);
  const head = `no granted scope allows ${request.interaction} on ${request.resourceType} (it needs "${need}": ${PERMISSION_WORDS[need]})`;
  return {
    allowed: false,
    permission: need,
    reason: notes.length > 0 ? `${head}; ${notes.join('; ')}` : head,
    wouldAllow: suggestion(resources, request, need, tokenContext),
  };
}
