/**
 * The encounter picker, shown when a standalone launch asks for `launch/encounter`
 * (SMART App Launch 2.2 scopes-and-launch-context). A patient without encounters skips it.
 * Form contract: field `encounter` = the encounter id.
 */
import type { SandboxContext } from '../../context.js';
import { displayName } from '../people/names.js';
import { encountersOf, isEncounterOf } from '../people/encounters.js';
import type { Interaction } from './types.js';

export function encounterPageData(ctx: SandboxContext, i: Interaction): Record<string, unknown> {
  const patient = ctx.store.peek('Patient', i.context.patient!);
  return { encounters: encountersOf(ctx.store, i.context.patient!), patientName: patient ? displayName(patient) : `Patient ${i.context.patient!}` };
}

/** Ends the step at once when the patient has no encounter to choose. */
export function skipEncounterIfNone(ctx: SandboxContext, i: Interaction): boolean {
  if (encountersOf(ctx.store, i.context.patient!).length > 0) return false;
  i.encounterDone = true;
  ctx.events.emit({ type: 'auth.encounter-selected', clientId: i.client.clientId, patient: i.context.patient! });
  return true;
}

export function submitEncounter(ctx: SandboxContext, i: Interaction, body: Record<string, unknown>): string | undefined {
  const id = typeof body.encounter === 'string' ? body.encounter : '';
  if (!id || !isEncounterOf(ctx.store, id, i.context.patient!)) return 'Choose an encounter from the list.';
  i.context.encounter = id;
  i.encounterDone = true;
  ctx.events.emit({ type: 'auth.encounter-selected', clientId: i.client.clientId, patient: i.context.patient!, encounter: id });
  return undefined;
}
