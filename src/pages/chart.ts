/**
 * One patient's chart for the patient browser, read straight from the store: demographics,
 * the latest vital signs with their trend, problems, medications, allergies, immunizations
 * and encounters (the US Core resources a SMART app usually reads).
 */
import type { Resource } from '../fhir/resource.js';
import type { ResourceStore } from '../store/resource-store.js';
import { encountersOf, type EncounterSummary } from '../auth/people/encounters.js';
import { summarizePatient, type PatientSummary } from '../auth/people/patient-search.js';

interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
interface CodeableConcept {
  text?: string;
  coding?: Coding[];
}
interface Quantity {
  value?: number;
  unit?: string;
}

export interface VitalRow {
  name: string;
  latest: string;
  date: string;
  /** Up to six earlier values, oldest first, then the latest. */
  trend: string[];
  /** 'up', 'down' or 'steady' compared with the previous value. */
  direction: string;
}

export interface ChartItem {
  text: string;
  detail: string;
}

export interface Chart {
  patient: PatientSummary;
  address: string;
  phone: string;
  vitals: VitalRow[];
  problems: ChartItem[];
  medications: ChartItem[];
  allergies: ChartItem[];
  immunizations: ChartItem[];
  encounters: EncounterSummary[];
}

const VITAL_SIGNS = 'vital-signs';

function conceptText(concept: unknown): string {
  const c = concept as CodeableConcept | undefined;
  return c?.text ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? 'unnamed';
}

function quantityText(q: Quantity | undefined): string | undefined {
  return q?.value === undefined ? undefined : `${q.value}${q.unit ? ` ${q.unit}` : ''}`;
}

/** A vital sign's value: a quantity, or systolic/diastolic for a blood pressure panel. */
function observationValue(o: Resource): { text: string; number: number } | undefined {
  const q = o.valueQuantity as Quantity | undefined;
  if (q?.value !== undefined) return { text: quantityText(q)!, number: q.value };
  const parts = ((o.component as { valueQuantity?: Quantity }[] | undefined) ?? []).map((c) => c.valueQuantity);
  if (parts.length === 2 && parts[0]?.value !== undefined && parts[1]?.value !== undefined) {
    return { text: `${parts[0].value}/${parts[1].value} ${parts[0].unit ?? ''}`.trim(), number: parts[0].value };
  }
  return undefined;
}

function isVitalSign(o: Resource): boolean {
  return ((o.category as CodeableConcept[] | undefined) ?? []).some((c) => c.coding?.some((x) => x.code === VITAL_SIGNS));
}

function when(r: Resource, ...fields: string[]): string {
  for (const f of fields) {
    const v = r[f];
    if (typeof v === 'string') return v.slice(0, 10);
    const start = (v as { start?: string } | undefined)?.start;
    if (start) return start.slice(0, 10);
  }
  return '';
}

function vitals(observations: Resource[]): VitalRow[] {
  const byCode = new Map<string, { name: string; points: { date: string; text: string; number: number }[] }>();
  for (const o of observations) {
    if (!isVitalSign(o)) continue;
    const value = observationValue(o);
    if (!value) continue;
    const name = conceptText(o.code);
    const key = (o.code as CodeableConcept | undefined)?.coding?.[0]?.code ?? name;
    const entry = byCode.get(key) ?? { name, points: [] };
    entry.points.push({ date: String(o.effectiveDateTime ?? ''), ...value });
    byCode.set(key, entry);
  }
  return [...byCode.values()].map(({ name, points }) => {
    points.sort((a, b) => a.date.localeCompare(b.date));
    const last = points.at(-1)!;
    const previous = points.at(-2);
    const direction = !previous || previous.number === last.number ? 'steady' : last.number > previous.number ? 'up' : 'down';
    return { name, latest: last.text, date: last.date.slice(0, 10), trend: points.slice(-7).map((p) => p.text), direction };
  });
}

export function patientChart(store: ResourceStore, id: string, today: Date): Chart | undefined {
  const patient = store.peek('Patient', id);
  if (!patient) return undefined;
  const related: Record<string, Resource[]> = {};
  for (const key of store.referencesTo(`Patient/${id}`)) {
    const [type, rid] = key.split('/');
    const resource = type && rid ? store.peek(type, rid) : undefined;
    if (resource) (related[type!] ??= []).push(resource);
  }
  const list = (type: string): Resource[] => related[type] ?? [];
  const newestFirst = (a: ChartItem & { sort: string }, b: ChartItem & { sort: string }) => b.sort.localeCompare(a.sort);
  const items = (type: string, describe: (r: Resource) => ChartItem & { sort: string }): ChartItem[] =>
    list(type).map(describe).sort(newestFirst).map(({ text, detail }) => ({ text, detail }));
  const address = (patient.address as { line?: string[]; city?: string; state?: string; postalCode?: string }[] | undefined)?.[0];
  const phone = (patient.telecom as { system?: string; value?: string }[] | undefined)?.find((t) => t.system === 'phone')?.value;
  const status = (r: Resource, field: string) => conceptText(r[field]).toLowerCase();
  return {
    patient: summarizePatient(patient, today),
    address: address ? [...(address.line ?? []), address.city, address.state, address.postalCode].filter(Boolean).join(', ') : '',
    phone: phone ?? '',
    vitals: vitals(list('Observation')),
    problems: items('Condition', (r) => ({ text: conceptText(r.code), detail: `${status(r, 'clinicalStatus')}, since ${when(r, 'onsetDateTime', 'recordedDate') || 'unknown'}`, sort: when(r, 'onsetDateTime', 'recordedDate') })),
    medications: items('MedicationRequest', (r) => ({ text: conceptText(r.medicationCodeableConcept), detail: `${String(r.status ?? '')}, ${when(r, 'authoredOn')}`, sort: when(r, 'authoredOn') })),
    allergies: items('AllergyIntolerance', (r) => ({ text: conceptText(r.code), detail: `${status(r, 'clinicalStatus')}${r.criticality ? `, ${String(r.criticality)} criticality` : ''}`, sort: when(r, 'recordedDate') })),
    immunizations: items('Immunization', (r) => ({ text: conceptText(r.vaccineCode), detail: `${String(r.status ?? '')}, ${when(r, 'occurrenceDateTime')}`, sort: when(r, 'occurrenceDateTime') })),
    encounters: encountersOf(store, id),
  };
}
