/**
 * Who may act for whom: a parent or other proxy (SMART App Launch 2.2: a `user/` scope
 * reaches "the resources the user may access"; who that is, is the EHR's own record, not
 * the chart's). The sandbox keeps these relations itself. They are recorded when data is
 * loaded into the store (the seed, the `data` option, `sb.store.load`, a reset) from
 * `RelatedPerson.patient` and from `Patient.link` to such a RelatedPerson, or set through
 * `sb.proxies`; a later write through the FHIR API (a new `Patient.link.other`, an edited
 * `RelatedPerson.patient`) never changes them, so no app can grant itself access.
 */
import type { Resource } from '../../fhir/resource.js';

/** A user who may log in as a proxy: `RelatedPerson/{id}` or `Patient/{id}`. */
export type ProxyUser = `RelatedPerson/${string}` | `Patient/${string}`;

export interface ProxyRegistry {
  /** Records that `user` may act for Patient `patientId`. */
  add(user: ProxyUser, patientId: string): void;
  /** Forgets one relation; false when there was none. */
  remove(user: ProxyUser, patientId: string): boolean;
  /** Patient ids `user` may act for (besides a patient's own record). */
  patientsOf(user: string): ReadonlySet<string>;
  /** Every relation, for display and tests. */
  list(): { user: ProxyUser; patient: string }[];
  /** Records the relations that a batch of loaded resources states. */
  recordLoaded(resources: readonly Resource[]): void;
  clear(): void;
}

const EMPTY: ReadonlySet<string> = new Set();

function patientOf(relatedPerson: Resource | undefined): string | undefined {
  const reference = (relatedPerson?.patient as { reference?: unknown } | undefined)?.reference;
  return typeof reference === 'string' ? /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference)?.[1] : undefined;
}

export function createProxyRegistry(): ProxyRegistry {
  const relations = new Map<string, Set<string>>();
  const registry: ProxyRegistry = {
    add(user, patientId) {
      let set = relations.get(user);
      if (!set) relations.set(user, (set = new Set()));
      set.add(patientId);
    },
    remove: (user, patientId) => relations.get(user)?.delete(patientId) ?? false,
    patientsOf: (user) => relations.get(user) ?? EMPTY,
    list: () => [...relations].flatMap(([user, patients]) => [...patients].map((patient) => ({ user: user as ProxyUser, patient }))),
    recordLoaded(resources) {
      const related = new Map<string, Resource>();
      for (const r of resources) if (r.resourceType === 'RelatedPerson' && typeof r.id === 'string') related.set(r.id, r);
      for (const [id, r] of related) {
        const patient = patientOf(r);
        if (patient) registry.add(`RelatedPerson/${id}`, patient);
      }
      for (const r of resources) {
        if (r.resourceType !== 'Patient' || typeof r.id !== 'string' || !Array.isArray(r.link)) continue;
        for (const link of r.link as { other?: { reference?: unknown } }[]) {
          const ref = link?.other?.reference;
          const m = typeof ref === 'string' ? /^RelatedPerson\/([A-Za-z0-9\-.]{1,64})$/.exec(ref) : null;
          const patient = m ? patientOf(related.get(m[1]!)) : undefined;
          if (patient && patient !== r.id) registry.add(`Patient/${r.id}`, patient);
        }
      }
    },
    clear: () => relations.clear(),
  };
  return registry;
}
