/**
 * The authorization server's use of the scopes module (SMART App Launch 2.2 "Scopes and
 * Launch Context"): negotiation at the authorize endpoint, narrowing on the consent page,
 * the subset rule at refresh, and the plain-language text and category choices of consent.
 */
import { categorySubScopes, describeScope, isSubsetOf, narrowTo, negotiate } from '../scopes/index.js';
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

/** The consented scopes: each selected one offered, or a narrower sub-scope of one. */
export function narrowScopes(offered: string[], selected: string[]): { granted: string[]; invalid: string[] } {
  const { granted, rejected } = narrowTo(offered, selected);
  return { granted, invalid: rejected.map((r) => r.scope) };
}

/** RFC 6749 §6: a refresh may ask for the original scopes or fewer, never more. */
export function scopesWithin(requested: string[], original: string[]): boolean {
  return isSubsetOf(requested, original);
}

export function scopeDescription(scope: string): string {
  return describeScope(scope);
}

/** Category sub-scopes offered instead of a whole type (contract §3: Observation and Condition). */
export function categoryChoices(scope: string): { value: string; label: string }[] {
  if (!/^(patient|user)\/(Observation|Condition)\./.test(scope)) return [];
  return categorySubScopes(scope).map((c) => ({ value: c.scope, label: c.display }));
}
