/** Display helpers for FHIR people (R4 HumanName, Identifier, Patient.birthDate). */
import type { Resource } from '../../fhir/resource.js';

interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
}

interface Identifier {
  system?: string;
  value?: string;
  type?: { coding?: { system?: string; code?: string }[]; text?: string };
}

/** The official (or first) name as "Given Family", or the resource's id. */
export function displayName(resource: Resource): string {
  const names = (resource.name as HumanName[] | undefined) ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return `${resource.resourceType}/${resource.id ?? ''}`;
  if (name.text) return name.text;
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : `${resource.resourceType}/${resource.id ?? ''}`;
}

/** Every name of the resource as one lower-case string, for searching. */
export function searchableName(resource: Resource): string {
  const names = (resource.name as HumanName[] | undefined) ?? [];
  return names
    .flatMap((n) => [n.text, n.family, ...(n.given ?? [])])
    .filter(Boolean)
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Lower case without accents: how searches compare text. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}

function identifiers(resource: Resource): Identifier[] {
  return (resource.identifier as Identifier[] | undefined) ?? [];
}

/** The medical record number: the identifier typed `MR` (v2-0203). */
export function medicalRecordNumber(resource: Resource): string | undefined {
  return identifiers(resource).find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
}

/** The NPI of a practitioner (system http://hl7.org/fhir/sid/us-npi). */
export function npi(resource: Resource): string | undefined {
  return identifiers(resource).find((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value;
}

/** Whole years between `birthDate` (YYYY, YYYY-MM or YYYY-MM-DD) and `today`. */
export function ageOn(birthDate: string | undefined, today: Date): number | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d)) age -= 1;
  return Math.max(age, 0);
}
