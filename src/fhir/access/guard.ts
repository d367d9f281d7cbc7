/**
 * The one choke point of FHIR access control (SMART App Launch 2.2 scopes; contract §7).
 * For each request it asks the scopes module for a decision, refuses with 403 what no
 * granted scope allows, and gives the interactions what they need to apply the rest:
 * the patient compartment and the granular filters, on reads, searches, includes,
 * history and writes alike. Every decision is kept for events and pages to show.
 */
import { systemClock, type Clock } from '../../clock.js';
import { OperationOutcomeError } from '../../errors/operation-outcome.js';
import type { AccessDecision } from '../../events.js';
import { decide, type AllowedDecision, type FhirInteraction } from '../../scopes/index.js';
import type { ResourceStore } from '../../store/resource-store.js';
import { collectReferences, referenceTarget } from '../../store/references.js';
import { compartmentMatcher, isPatientCompartmentType, patientCompartmentParams, restrictToPatientCompartment } from '../compartment.js';
import { eachReference } from '../references/walk.js';
import type { SearchHooks } from '../interactions/search.js';
import type { Interaction } from '../request.js';
import type { Resource } from '../resource.js';
import { matchCriterion } from '../search/criterion.js';
import { parseSearch } from '../search/index.js';
import type { AccessGrant, TokenGrant } from './grant.js';

export interface RequestAccess {
  /** What allowed the request (shown in events and the flow inspector). */
  decision: AccessDecision;
  /** May the client see (or write) this resource of the request's own type? */
  visible(resource: Readonly<Resource>): boolean;
  /** May the client see this resource of any type (includes, system history)? */
  visibleAny(resource: Readonly<Resource>): boolean;
  /**
   * Patients a write may refer to: the patient in context under `patient/` scopes, the
   * user's patients under `user/` scopes; undefined when any patient may be named.
   */
  writablePatients?: ReadonlySet<string>;
  /** The one patient a `patient/` scope limits the request to (SMART App Launch 2.2, patient context). */
  patientContext?: string;
  /** Search narrowing and filtering for this request. */
  search: SearchHooks;
}

const ALL_VISIBLE: RequestAccess = {
  decision: { allowed: true, reason: 'open mode: authentication is off' },
  visible: () => true,
  visibleAny: () => true,
  search: { accessKey: 'open' },
};

/** 403 with the decision's reason and the scope that would have allowed it. */
export function insufficientScope(message: string, wouldAllow?: string): OperationOutcomeError {
  const scope = wouldAllow ? `, scope="${wouldAllow}"` : '';
  return new OperationOutcomeError(403, [{ severity: 'error', code: 'forbidden', diagnostics: message }], {
    'WWW-Authenticate': `Bearer realm="mock-ehr", error="insufficient_scope", error_description="${message.replace(/["\\]/g, "'")}"${scope}`,
  });
}

function scopeInteraction(interaction: Interaction): FhirInteraction | undefined {
  switch (interaction) {
    case 'capabilities':
    case 'batch':
    case 'history-system':
    case 'search-system':
      return undefined;
    case 'patch':
      return 'update';
    case 'everything':
      return 'read';
    case 'validate':
      // Validating a body touches no stored data; validating a stored resource reads it.
      return undefined;
    default:
      return interaction;
  }
}

/**
 * Makes the resource test of one allowed decision: the in-context patient's compartment for
 * `patient/` paths, the user's patients for `user/` paths, and the granular filters.
 */
function resourceTest(store: ResourceStore, grant: TokenGrant, decision: AllowedDecision, clock: Clock): (r: Readonly<Resource>) => boolean {
  // A user limited to some patients (own patients, a parent's children) reaches no other
  // patient through patient/ scopes either, whoever the launch put in context.
  const contextAllowed = grant.patient !== undefined && (!grant.userPatients || grant.userPatients.has(grant.patient));
  const inCompartment = contextAllowed ? compartmentMatcher(store, grant.patient!) : () => false;
  const own = new Set(grant.patient ? [grant.patient] : []);
  // Types outside the Patient compartment (Practitioner, Medication, ...) are readable under
  // patient/ scopes, unless they point at another patient (a Device or Task of someone else).
  const compartmentOk = (r: Readonly<Resource>): boolean => {
    const member = inCompartment(r);
    return member === undefined ? onlyPatients(r, own) : member;
  };
  const userOk = userTest(store, grant.userPatients);
  if (decision.filters.length === 0) {
    if (decision.compartment) return compartmentOk;
    // user/ and patient/ scopes together reach the union of what each reaches.
    return unitesPatientScopes(grant, decision) ? (r) => userOk(r) || compartmentOk(r) : userOk;
  }
  const filters = decision.filters.map((f) => {
    let criteria: ReturnType<typeof parseSearch>['criteria'] | undefined;
    return (r: Readonly<Resource>): boolean => {
      try {
        criteria ??= parseSearch(r.resourceType, f.query, { strict: true, defaultCount: 1, maxCount: 1, now: clock.now() }).criteria;
      } catch {
        return false; // a filter the server cannot evaluate lets nothing through
      }
      return criteria.every((c) => matchCriterion(c, r)) && (f.compartment ? compartmentOk(r) : userOk(r));
    };
  });
  return (r) => filters.some((test) => test(r));
}

/** True when a user/ path and a patient/ path both allow the request, and the user/ one is limited to some patients. */
function unitesPatientScopes(grant: TokenGrant, decision: AllowedDecision): boolean {
  return grant.userPatients !== undefined && grant.patient !== undefined && decision.contexts.includes('patient');
}

/** The patients a request reaches: the in-context one, the user's, or both; undefined for all. */
function patientsReached(grant: TokenGrant, decision: AllowedDecision): ReadonlySet<string> | undefined {
  const contextAllowed = grant.patient !== undefined && (!grant.userPatients || grant.userPatients.has(grant.patient));
  const context = contextAllowed ? [grant.patient!] : [];
  if (decision.compartment) return new Set(context);
  if (!grant.userPatients) return undefined;
  return unitesPatientScopes(grant, decision) ? new Set([...grant.userPatients, ...context]) : grant.userPatients;
}

/** True when every Patient the resource refers to is one of `patients`. */
function onlyPatients(r: Readonly<Resource>, patients: ReadonlySet<string>): boolean {
  for (const target of collectReferences(r)) {
    if (target.startsWith('Patient/') && !patients.has(target.slice('Patient/'.length))) return false;
  }
  return true;
}

/** `user/` paths: every patient, or only the compartments of the user's patients. */
function userTest(store: ResourceStore, patients: ReadonlySet<string> | undefined): (r: Readonly<Resource>) => boolean {
  if (!patients) return () => true;
  const matchers = [...patients].map((p) => compartmentMatcher(store, p));
  return (r) => {
    const memberships = matchers.map((m) => m(r));
    if (memberships.length === 0 || memberships[0] === undefined) return onlyPatients(r, patients);
    return memberships.some(Boolean);
  };
}

/** A read of the logged-in user's own resource (SMART: `fhirUser` must be readable with the token). */
function isOwnRecord(grant: TokenGrant, request: { interaction: Interaction; resourceType?: string; id?: string }): boolean {
  return (
    grant.user !== undefined &&
    (request.interaction === 'read' || request.interaction === 'vread') &&
    grant.user === `${request.resourceType}/${request.id}`
  );
}

/**
 * Checks a request against the grant; throws 403 (insufficient_scope) when no granted
 * scope allows the interaction on the type. `clock` is the sandbox clock (granular
 * filters with the `ap` date prefix read it).
 */
export function authorizeRequest(
  store: ResourceStore,
  grant: AccessGrant,
  request: { interaction: Interaction; resourceType?: string; id?: string },
  clock: Clock = systemClock,
): RequestAccess {
  if (grant.kind === 'open') return ALL_VISIBLE;
  const byType = new Map<string, (r: Readonly<Resource>) => boolean>();
  const visibleAny = (r: Readonly<Resource>): boolean => {
    let test = byType.get(r.resourceType);
    if (!test) {
      const d = decide(grant.scopes, { interaction: 'read', resourceType: r.resourceType }, grant.tokenContext);
      test = d.allowed ? resourceTest(store, grant, d, clock) : () => false;
      byType.set(r.resourceType, test);
    }
    return test(r);
  };
  const interaction = scopeInteraction(request.interaction);
  if (!interaction || !request.resourceType) {
    if (request.interaction === 'history-system') {
      return {
        decision: { allowed: true, reason: 'system history: each entry shown only where a granted scope allows reading it' },
        visible: visibleAny,
        visibleAny,
        search: {},
      };
    }
    if (request.interaction === 'search-system') {
      const reason = 'system search: each type searched only where a granted scope allows searching it';
      return { ...ALL_VISIBLE, decision: { allowed: true, reason } };
    }
    return { ...ALL_VISIBLE, decision: { allowed: true, reason: `${request.interaction} needs no scope of its own` } };
  }
  const decision = decide(grant.scopes, { interaction, resourceType: request.resourceType }, grant.tokenContext);
  if (!decision.allowed && isOwnRecord(grant, request)) {
    const reason = `${grant.user} is the token's fhirUser: the logged-in user may always read their own record`;
    return { decision: { allowed: true, reason }, visible: () => true, visibleAny, search: {} };
  }
  if (!decision.allowed) {
    throw insufficientScope(`Forbidden: ${decision.reason}. The scope ${decision.wouldAllow} would allow it.`, decision.wouldAllow);
  }
  const test = resourceTest(store, grant, decision, clock);
  // The id_token's fhirUser stays readable even when the patient in context is someone else.
  const visible = isOwnRecord(grant, request) ? () => true : test;
  const search: SearchHooks = { filter: (r) => (r.resourceType === request.resourceType ? visible(r) : visibleAny(r)) };
  const reached = patientsReached(grant, decision);
  const narrowTo = reached?.size === 1 ? [...reached][0] : undefined;
  if (narrowTo) {
    const patient = narrowTo;
    search.constrain = (s) => {
      // Outside the compartment the type is not restricted (Practitioner under patient/ scopes).
      if (isPatientCompartmentType(s.type)) restrictToPatientCompartment(store, s, patient);
    };
    // Without granular filters, what a patient/ scope lets a search see of a compartment type
    // is exactly that patient's compartment, which the constraint already asks for.
    search.filterImplied =
      decision.filters.length === 0 && decision.compartment && !isOwnRecord(grant, request) && patientCompartmentParams(request.resourceType) !== undefined;
  }
  // Granular filters may read the clock (the `ap` date prefix), on the searched type or on the
  // types a search includes or chains to (filtered by `visibleAny`): searches under them are not kept.
  if (grant.scopes.every((s) => s.kind !== 'resource' || s.query === undefined)) search.accessKey = accessKey(grant, request.resourceType);
  return {
    decision: { allowed: true, scope: decision.scope, reason: decision.reason },
    visible,
    visibleAny,
    search,
    ...(reached ? { writablePatients: reached } : {}),
    ...(decision.compartment && narrowTo ? { patientContext: narrowTo } : {}),
  };
}

/**
 * Everything the constraint and filter of a token's search depend on: the scopes, the patient
 * in context, the user's patients, the searched type. Two requests with the same key see the
 * same resources of every type.
 */
function accessKey(grant: TokenGrant, resourceType: string): string {
  const users = grant.userPatients ? [...grant.userPatients].sort() : null;
  return JSON.stringify([resourceType, grant.tokenContext, grant.patient ?? null, grant.user ?? null, users, grant.scopes.map((s) => s.raw)]);
}

/** Throws 403 when a resource the request touches lies outside what the token may see. */
export function requireVisible(access: RequestAccess, resource: Readonly<Resource>, action = 'read'): void {
  if (access.visible(resource)) return;
  throw insufficientScope(
    `Forbidden: ${resource.resourceType}/${resource.id ?? '(new)'} is outside what this token may ${action}: ${access.decision.reason}`,
  );
}

/**
 * Throws 403 when a resource to be written refers, in any element (extensions, nested
 * elements and contained resources included), to a Patient the request may not write for:
 * under `patient/` scopes every patient but the one in context (SMART App Launch 2.2,
 * "patient/" scopes: access is limited to that patient's data), under `user/` scopes every
 * patient the user may not reach.
 */
export function requireWritable(access: RequestAccess, resource: Readonly<Resource>): void {
  requireVisible(access, resource, 'write');
  const allowed = access.writablePatients;
  if (!allowed) return;
  const targets = new Set<string>();
  eachReference(
    resource,
    (holder) => {
      const target = referenceTarget(holder.reference as string);
      if (target) targets.add(target);
    },
    { contained: true },
  );
  for (const target of targets) {
    if (!target.startsWith('Patient/') || allowed.has(target.slice('Patient/'.length))) continue;
    const only = allowed.size === 0 ? 'no patient' : [...allowed].map((p) => `Patient/${p}`).join(', ');
    throw insufficientScope(
      `Forbidden: ${resource.resourceType}/${resource.id ?? '(new)'} refers to ${target}, but this token may write only for ${only}: ${access.decision.reason}`,
    );
  }
}

/** The access of a request that is not checked (open mode, or a test calling an interaction). */
export const UNRESTRICTED: RequestAccess = ALL_VISIBLE;
