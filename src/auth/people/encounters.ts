/**
 * The encounters of a patient, for the encounter picker (SMART App Launch 2.2,
 * `launch/encounter` in a standalone launch) and the EHR launcher.
 */
import type { Resource } from '../../fhir/resource.js';
import type { ResourceStore } from '../../store/resource-store.js';

export interface EncounterSummary {
  id: string;
  label: string;
  start?: string;
  status: string;
}

function label(encounter: Resource): string {
  const type = (encounter.type as { text?: string; coding?: { display?: string }[] }[] | undefined)?.[0];
  const cls = encounter.class as { display?: string; code?: string } | undefined;
  return type?.text ?? type?.coding?.[0]?.display ?? cls?.display ?? cls?.code ?? 'Encounter';
}

/** The patient's encounters, newest first. */
export function encountersOf(store: ResourceStore, patientId: string): EncounterSummary[] {
  const out: EncounterSummary[] = [];
  for (const key of store.referencesTo(`Patient/${patientId}`)) {
    const [type, id] = key.split('/');
    if (type !== 'Encounter' || !id) continue;
    const encounter = store.peek('Encounter', id);
    if (!encounter || (encounter.subject as { reference?: string } | undefined)?.reference !== `Patient/${patientId}`) continue;
    const start = (encounter.period as { start?: string } | undefined)?.start;
    out.push({ id, label: label(encounter), ...(start ? { start } : {}), status: String(encounter.status ?? '') });
  }
  return out.sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''));
}

/** True when `encounterId` is an encounter of the patient. */
export function isEncounterOf(store: ResourceStore, encounterId: string, patientId: string): boolean {
  const encounter = store.peek('Encounter', encounterId);
  return (encounter?.subject as { reference?: string } | undefined)?.reference === `Patient/${patientId}`;
}
