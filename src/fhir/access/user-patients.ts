/**
 * Whose records a `user/` scope reaches: what the logged-in user may see (SMART 2.2,
 * "user/" scopes). A patient or a parent sees only the patients they may act for. A
 * practitioner sees every patient, or, with the `ownPatientsOnly` option, only those whose
 * general practitioner they are or whose encounters they took part in.
 */
import { patientsActableBy } from '../../auth/people/acts-for.js';
import type { UserRef } from '../../auth/tokens/records.js';
import type { ResourceStore } from '../../store/resource-store.js';

function subjectPatient(resource: { subject?: { reference?: string } } | undefined): string | undefined {
  return /^Patient\/(.+)$/.exec(resource?.subject?.reference ?? '')?.[1];
}

/** A practitioner's own patients: as general practitioner, or through encounters they took part in. */
export function practitionerPatients(store: ResourceStore, practitionerId: string): Set<string> {
  const patients = new Set<string>();
  for (const key of store.referencesTo(`Practitioner/${practitionerId}`)) {
    const [type, id] = key.split('/') as [string, string];
    if (type === 'Patient') patients.add(id);
    if (type === 'Encounter') {
      const patient = subjectPatient(store.peek('Encounter', id) as { subject?: { reference?: string } } | undefined);
      if (patient) patients.add(patient);
    }
  }
  return patients;
}

/** Patient ids a user's `user/` scopes reach, or undefined for every patient. */
export function userPatients(store: ResourceStore, user: UserRef, ownPatientsOnly: boolean): Set<string> | undefined {
  if (user.resourceType === 'Practitioner') return ownPatientsOnly ? practitionerPatients(store, user.id) : undefined;
  return patientsActableBy(store, user) ?? new Set();
}
