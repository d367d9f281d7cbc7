/**
 * Whose records a user may open (contract §2: "for a patient user: that user's own record,
 * or the records they may act for"). A practitioner may open any patient. A related person
 * (a parent) may open the record of their `patient`. A patient may open their own record
 * and, when their Patient resource links (`Patient.link.other`) to a RelatedPerson, that
 * RelatedPerson's patient too.
 */
import type { ResourceStore } from '../../store/resource-store.js';
import type { UserRef } from '../tokens/records.js';

interface Reference {
  reference?: string;
}

/** Patient ids the user may act for, or undefined for "every patient". */
export function patientsActableBy(store: ResourceStore, user: UserRef): Set<string> | undefined {
  if (user.resourceType === 'RelatedPerson') {
    const target = /^Patient\/(.+)$/.exec((store.peek('RelatedPerson', user.id)?.patient as Reference | undefined)?.reference ?? '');
    return new Set(target && store.peek('Patient', target[1]!) ? [target[1]!] : []);
  }
  if (user.resourceType !== 'Patient') return undefined;
  const ids = new Set([user.id]);
  const self = store.peek('Patient', user.id);
  const links = (self?.link as { other?: Reference }[] | undefined) ?? [];
  for (const link of links) {
    const m = /^RelatedPerson\/(.+)$/.exec(link.other?.reference ?? '');
    const related = m ? store.peek('RelatedPerson', m[1]!) : undefined;
    const target = /^Patient\/(.+)$/.exec((related?.patient as Reference | undefined)?.reference ?? '');
    if (target && store.peek('Patient', target[1]!)) ids.add(target[1]!);
  }
  return ids;
}
