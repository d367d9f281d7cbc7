/**
 * The authorization server's use of the scopes module (SMART App Launch 2.2 "Scopes and
 * Launch Context"): negotiation at the authorize endpoint, narrowing on the consent page,
 * the subset rule at refresh, and the plain-language text and category choices of consent.
 */
import { categorySubScopes, describeScope, narrowTo, negotiate, tryParseScope, uncoveredScopes, unsupportedQueryReason } from '../scopes/index.js';
import type { RejectedScope } from './interaction/types.js';

export function negotiateScopes(
  requested: string[],
  allowed: string[],
  launchType: 'ehr' | 'standalone',
  launch: { patient: boolean; encounter: boolean },
): { granted: string[]; rejected: RejectedScope[] } {
  // In an EHR launch without a patient the patient picker supplies one, so only the
  // encounter (which has no picker in an EHR launch) is checked against the launch.
  const { granted, rejected } = negotiate(requested, allowed, { context: launchType, launchContext: { encounter: launch.encounter } });
  return { granted, rejected: rejected.map((r) => ({ scope: r.scope, reason: r.reason })) };
}

/**
 * A backend service's request (SMART App Launch 2.2 Backend Services, "Evaluate Requested
 * Access": the scope requested must be within the scope pre-authorized to the client). Only
 * `system/` scopes, each covered by the registration as asked: a scope the negotiation would
 * narrow is refused rather than narrowed, since the client asked for more than it may have.
 */
export function backendScopes(requested: string[], allowed: string[]): { granted: string[]; refused: { scope: string; reason: string }[] } {
  const { granted, rejected, narrowed } = negotiate(requested, allowed, { context: 'backend' });
  const refused = [
    ...rejected.map((r) => ({ scope: r.scope, reason: r.reason })),
    ...narrowed.map((n) => ({ scope: n.scope, reason: `beyond what this client is pre-authorized for (it could have ${n.to.join(' ')})` })),
  ];
  return { granted, refused };
}

/** The consented scopes: each selected one offered, or a narrower sub-scope of one. */
export function narrowScopes(offered: string[], selected: string[]): { granted: string[]; invalid: string[] } {
  const { granted, rejected } = narrowTo(offered, selected);
  return { granted, invalid: rejected.map((r) => r.scope) };
}

/**
 * RFC 6749 §6: a refresh may ask for the original scopes or fewer, never more; and a
 * narrower granular scope only with a filter this server enforces (as at the authorize
 * endpoint), so that a token never claims less than it lets through. The first problem, or
 * undefined when the request is acceptable.
 */
export function refreshScopeProblem(requested: string[], original: string[]): string | undefined {
  for (const scope of requested) {
    const parsed = tryParseScope(scope);
    if (!parsed.ok) return `'${scope}' is not a valid scope: ${parsed.reason}`;
    if (parsed.scope.kind === 'resource') {
      const unsupported = unsupportedQueryReason(parsed.scope.resourceType, parsed.scope.query);
      if (unsupported) return `'${scope}': ${unsupported}`;
    }
  }
  const beyond = uncoveredScopes(requested, original).map((p) => p.scope);
  return beyond.length ? `the requested scope goes beyond the original grant (${original.join(' ')}): ${beyond.join(' ')}` : undefined;
}

/** The consent page's sentence for a scope; `whose` names the owner of `patient/` data ("your" by default). */
export function scopeDescription(scope: string, whose?: string): string {
  return describeScope(scope, whose);
}

/** Category sub-scopes offered instead of a whole type (contract §3: Observation and Condition). */
export function categoryChoices(scope: string): { value: string; label: string }[] {
  if (!/^(patient|user)\/(Observation|Condition)\./.test(scope)) return [];
  return categorySubScopes(scope).map((c) => ({ value: c.scope, label: c.display }));
}
