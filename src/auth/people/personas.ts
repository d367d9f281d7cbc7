/**
 * Who can log in: the practitioners, patients and related persons (a parent acting for a
 * child) in the store, read at request time, never hard-coded (contract §2, standalone
 * launch: "the server logs the user in").
 */
import type { Resource } from '../../fhir/resource.js';
import type { ResourceStore } from '../../store/resource-store.js';
import type { UserRef } from '../tokens/records.js';
import { displayName, fold, npi, searchableName } from './names.js';
import { paginate, type Page } from './paging.js';

export type UserKind = 'Practitioner' | 'Patient' | 'RelatedPerson';
export type PersonaKind = 'all' | UserKind;
export const USER_KINDS: readonly UserKind[] = ['Practitioner', 'Patient', 'RelatedPerson'];

export interface Persona {
  /** `Practitioner/{id}`, `Patient/{id}` or `RelatedPerson/{id}`: the value of the login form's `user` field. */
  reference: string;
  kind: UserKind;
  name: string;
  detail: string;
}

function detailOf(resource: Resource, kind: UserKind): string {
  if (kind === 'Practitioner') return ['Practitioner', npi(resource) ? `NPI ${npi(resource)}` : ''].filter(Boolean).join(' · ');
  if (kind === 'Patient') return ['Patient', resource.birthDate ? `born ${String(resource.birthDate)}` : ''].filter(Boolean).join(' · ');
  const patient = (resource.patient as { display?: string; reference?: string } | undefined) ?? {};
  return `Related person of ${patient.display ?? patient.reference ?? 'a patient'}`;
}

export function persona(resource: Resource, kind: UserKind): Persona {
  const detail = detailOf(resource, kind);
  return { reference: `${kind}/${resource.id}`, kind, name: displayName(resource), detail };
}

export function searchPersonas(store: ResourceStore, query: { q?: string; kind?: PersonaKind; page?: number }, size = 20): Page<Persona> {
  const q = fold(query.q ?? '');
  const kinds = query.kind && query.kind !== 'all' ? [query.kind] : USER_KINDS;
  const found: Persona[] = [];
  for (const kind of kinds) {
    for (const resource of store.all(kind)) if (!q || searchableName(resource).includes(q)) found.push(persona(resource, kind));
  }
  return paginate(found, query.page ?? 1, size);
}

/** The user named by a login form value (`Practitioner/{id}`, `Patient/{id}`, `RelatedPerson/{id}`), when it exists. */
export function userFromReference(store: ResourceStore, value: string): UserRef | undefined {
  const m = /^(Practitioner|Patient|RelatedPerson)\/([A-Za-z0-9\-.]{1,64})$/.exec(value);
  if (!m || !store.peek(m[1]!, m[2]!)) return undefined;
  return { resourceType: m[1] as UserKind, id: m[2]! };
}
