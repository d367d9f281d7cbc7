/**
 * Whose records a `user/` scope reaches: what the logged-in user may see (SMART 2.2,
 * "user/" scopes). A patient or a parent sees only the patients they may act for. A
 * practitioner sees every patient, or, with the `ownPatientsOnly` option, only those whose
 * general practitioner they are or whose encounters they took part in.
 */
import { patientsUserMayOpen } from '../../auth/people/acts-for.js';
import type { ProxyRegistry } from '../../auth/people/proxies.js';
import type { UserRef } from '../../auth/tokens/records.js';
import type { ResourceStore } from '../../store/resource-store.js';

/** Patient ids a user's `user/` scopes reach, or undefined for every patient. */
export function userPatients(store: ResourceStore, proxies: ProxyRegistry, user: UserRef, ownPatientsOnly: boolean): Set<string> | undefined {
  const patients = patientsUserMayOpen(store, proxies, user, ownPatientsOnly);
  return user.resourceType === 'Practitioner' ? patients : (patients ?? new Set());
}
