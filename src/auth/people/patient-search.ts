/**
 * The patient picker's search: by name, birth date or MRN, paged, with age and sex
 * (contract §2: standalone launch with `launch/patient`). Only the patients the user may
 * act for are ever listed.
 */
import type { Resource } from '../../fhir/resource.js';
import type { ResourceStore } from '../../store/resource-store.js';
import { ageOn, displayName, fold, medicalRecordNumber, searchableName } from './names.js';
import { paginate, type Page } from './paging.js';

export interface PatientSummary {
  id: string;
  name: string;
  birthDate?: string;
  age?: number;
  sex: string;
  mrn?: string;
}

export interface PatientQuery {
  q?: string;
  birthdate?: string;
  mrn?: string;
  page?: number;
}

export function summarizePatient(resource: Resource, today: Date): PatientSummary {
  const birthDate = typeof resource.birthDate === 'string' ? resource.birthDate : undefined;
  return {
    id: resource.id ?? '',
    name: displayName(resource),
    ...(birthDate ? { birthDate, age: ageOn(birthDate, today) } : {}),
    sex: typeof resource.gender === 'string' ? resource.gender : 'unknown',
    ...(medicalRecordNumber(resource) ? { mrn: medicalRecordNumber(resource) } : {}),
  };
}

export function searchPatients(
  store: ResourceStore,
  query: PatientQuery,
  allowed: ReadonlySet<string> | undefined,
  today: Date,
  size = 20,
): Page<PatientSummary> {
  const q = fold(query.q ?? '');
  const birthdate = (query.birthdate ?? '').trim();
  const mrn = fold(query.mrn ?? '');
  const found: PatientSummary[] = [];
  for (const resource of store.all('Patient')) {
    if (allowed && !allowed.has(resource.id)) continue;
    if (q && !searchableName(resource).includes(q)) continue;
    if (birthdate && !String(resource.birthDate ?? '').startsWith(birthdate)) continue;
    if (mrn && !fold(medicalRecordNumber(resource) ?? '').includes(mrn)) continue;
    found.push(summarizePatient(resource, today));
  }
  return paginate(found, query.page ?? 1, size);
}
