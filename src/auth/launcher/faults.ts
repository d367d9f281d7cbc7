/**
 * Simulated EHR faults chosen on the launcher for one launch: the fault menu (the presets,
 * each a checkbox named `fault` whose value is the preset id), and the choice read back from
 * the submitted form.
 */
import { FAULT_PRESETS, presetFaults, type Fault } from '../../flow/fault-types.js';

export interface FaultChoice {
  id: string;
  label: string;
  checked: boolean;
}

/** The preset ids a form chose (field `fault`, once per ticked box). */
export function chosenFaultIds(source: Record<string, unknown>): string[] {
  const value = source.fault;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** The menu, with the chosen ones ticked. */
export function faultChoices(chosen: readonly string[]): FaultChoice[] {
  return FAULT_PRESETS.map((p) => ({ id: p.id, label: p.label, checked: chosen.includes(p.id) }));
}

/** The faults of the chosen presets (unknown ids are ignored). */
export function chosenFaults(source: Record<string, unknown>): Fault[] {
  return presetFaults(chosenFaultIds(source));
}
