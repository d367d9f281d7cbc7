/**
 * The consent step (contract §3): the app's name and redirect host, each offered scope in
 * plain language with a checkbox, category sub-scopes for Observation and Condition instead
 * of the whole type, offline access called out, Approve or Deny. What the user ticks is
 * granted verbatim, within what was offered.
 * Form contract: checkboxes `scope` (value: the exact scope string), `decision` = allow | deny.
 */
import type { SandboxContext } from '../../context.js';
import { encountersOf } from '../people/encounters.js';
import { displayName } from '../people/names.js';
import { summarizePatient } from '../people/patient-search.js';
import { categoryChoices, narrowScopes, scopeDescription } from '../scope-policy.js';
import type { Interaction } from './types.js';

export interface ScopeItem {
  value: string;
  description: string;
  kind: 'identity' | 'context' | 'offline' | 'data';
  categories: { value: string; label: string }[];
}

function kindOf(scope: string): ScopeItem['kind'] {
  if (scope === 'offline_access' || scope === 'online_access') return 'offline';
  if (scope === 'openid' || scope === 'fhirUser' || scope === 'profile') return 'identity';
  if (scope === 'launch' || scope.startsWith('launch/')) return 'context';
  return 'data';
}

/**
 * Whose `patient/` data the scopes are about, as the signed-in user reads it: "your" for a
 * patient in their own record, otherwise the patient's name (a clinician, a parent).
 */
function patientOwner(ctx: SandboxContext, i: Interaction): string {
  const own = i.user?.resourceType === 'Patient' && (!i.context.patient || i.context.patient === i.user.id);
  if (own) return 'your';
  const patient = i.context.patient ? ctx.store.peek('Patient', i.context.patient) : undefined;
  return patient ? `${displayName(patient)}'s` : "the patient's";
}

export function consentPageData(ctx: SandboxContext, i: Interaction): Record<string, unknown> {
  const whose = patientOwner(ctx, i);
  const scopes: ScopeItem[] = i.offered.map((value) => ({
    value,
    description: scopeDescription(value, whose),
    kind: kindOf(value),
    categories: categoryChoices(value),
  }));
  const patient = i.context.patient ? ctx.store.peek('Patient', i.context.patient) : undefined;
  const user = i.user ? ctx.store.peek(i.user.resourceType, i.user.id) : undefined;
  return {
    scopes,
    rejected: i.rejected,
    offline: i.offered.includes('offline_access'),
    online: i.offered.includes('online_access'),
    patient: patient ? summarizePatient(patient, new Date(ctx.clock.now())) : undefined,
    userName: user ? displayName(user) : undefined,
    encounter: i.context.encounter ? encounterSummary(ctx, i.context.encounter) : undefined,
    whose,
  };
}

/** The encounter in context, as the consent page names it: its type and date. */
function encounterSummary(ctx: SandboxContext, id: string): { id: string; label: string; start?: string } {
  const patient = ctx.store.peek('Encounter', id)?.subject as { reference?: string } | undefined;
  const patientId = patient?.reference?.replace(/^Patient\//, '');
  const found = patientId ? encountersOf(ctx.store, patientId).find((e) => e.id === id) : undefined;
  return found ?? { id, label: 'Encounter' };
}

/** The scopes the user ticked, as a list (a single checkbox posts a string). */
export function selectedScopes(body: Record<string, unknown>): string[] {
  const value = body.scope;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** The grant the ticked boxes make, or an error message when a value was not offered. */
export function consentedScopes(i: Interaction, body: Record<string, unknown>): { granted: string[] } | { error: string } {
  const { granted, invalid } = narrowScopes(i.offered, selectedScopes(body));
  if (invalid.length > 0) return { error: `These scopes were not offered: ${invalid.join(', ')}` };
  return { granted };
}
