/**
 * The interaction as ordered prompt checks (contract §3: login, then patient picker, then
 * encounter picker, then consent), each skipped when not needed. The pages resume the
 * interaction by asking which prompt comes next.
 */
import type { Interaction } from './types.js';

export type PromptName = 'login' | 'patient' | 'encounter' | 'consent';

/**
 * True when the offered scopes need a patient in context: `launch/patient`, any `patient/`
 * scope, or `launch/encounter` (an encounter is picked among one patient's encounters; the
 * token carries that patient only when a patient scope asks for it).
 */
export function wantsPatient(i: Interaction): boolean {
  return i.offered.some((s) => s === 'launch/patient' || s === 'launch/encounter' || s.startsWith('patient/'));
}

/** True when a standalone launch asks for an encounter (`launch/encounter`). */
export function wantsEncounter(i: Interaction): boolean {
  return i.offered.includes('launch/encounter');
}

const PROMPTS: { name: PromptName; needed: (i: Interaction) => boolean }[] = [
  { name: 'login', needed: (i) => i.user === undefined },
  { name: 'patient', needed: (i) => wantsPatient(i) && i.context.patient === undefined },
  { name: 'encounter', needed: (i) => wantsEncounter(i) && i.context.patient !== undefined && !i.encounterDone },
  { name: 'consent', needed: () => true },
];

export function nextPrompt(i: Interaction): PromptName {
  return PROMPTS.find((p) => p.needed(i))!.name;
}
