/**
 * Whose records a user may open (contract §2: "for a patient user: that user's own record,
 * or the records they may act for"). A practitioner may open any patient. A related person
 * (a parent) and a patient may open the records the sandbox's proxy registry gives them
 * (`proxies.ts`), a patient their own record too; never what the chart's data says now.
 */
import type { ResourceStore } from '../../store/resource-store.js';
import type { UserRef } from '../tokens/records.js';
import type { ProxyRegistry } from './proxies.js';

/** Patient ids the user may act for, or undefined for "every patient". */
export function patientsActableBy(store: ResourceStore, proxies: ProxyRegistry, user: UserRef): Set<string> | undefined {
  if (user.resourceType !== 'Patient' && user.resourceType !== 'RelatedPerson') return undefined;
  const ids = new Set(user.resourceType === 'Patient' ? [user.id] : []);
  for (const id of proxies.patientsOf(`${user.resourceType}/${user.id}`)) if (store.peek('Patient', id)) ids.add(id);
  return ids;
}

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

/**
 * Patient ids a user may open in the picker and the launcher, and reach through `user/`
 * scopes, or undefined for every patient: with `ownPatientsOnly`, a practitioner's own
 * patients only, whatever scopes the app asks for later.
 */
export function patientsUserMayOpen(store: ResourceStore, proxies: ProxyRegistry, user: UserRef, ownPatientsOnly: boolean): Set<string> | undefined {
  if (user.resourceType === 'Practitioner') return ownPatientsOnly ? practitionerPatients(store, user.id) : undefined;
  return patientsActableBy(store, proxies, user);
}
