/**
 * Provenance (US Core Provenance): who wrote each record. The records of a chart are grouped
 * by the encounter they belong to and the practitioner who authored them (recorder,
 * requester, author, performer, asserter); each group gets one Provenance naming that
 * author (on behalf of the organization) and the organization as transmitter. Records
 * without a practitioner author (registration, coverage, patient questionnaires) name the
 * organization, or the patient for what the patient answered.
 */
import type { Resource } from '../src/fhir/resource.js';
import { PROVENANCE_AGENT } from './codes/us-core.js';
import { profileList, sharedConcept, type Reference } from './fhir.js';
import type { Facility } from './model.js';

const PROFILE = profileList('us-core-provenance');
const AUTHOR = sharedConcept(PROVENANCE_AGENT.author);
const TRANSMITTER = sharedConcept(PROVENANCE_AGENT.transmitter);

type Json = Record<string, unknown>;

const asRef = (v: unknown): Reference | undefined => {
  const r = Array.isArray(v) ? v[0] : v;
  return r && typeof r === 'object' && typeof (r as Reference).reference === 'string' ? (r as Reference) : undefined;
};

/** The author of a record: its recorder, requester, author, asserter or first performer. */
export function authorOf(r: Json): Reference | undefined {
  const performer = Array.isArray(r.performer) ? (r.performer[0] as Json | undefined) : undefined;
  const participant = Array.isArray(r.participant) ? (r.participant[0] as Json | undefined) : undefined;
  const candidates = [r.recorder, r.requester, r.author, r.asserter, r.expressedBy, performer?.actor ?? performer, participant?.individual];
  for (const c of candidates) {
    const ref = asRef(c);
    if (ref && /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\//.test(ref.reference)) return ref;
  }
  return undefined;
}

/** The Provenance resources of `records`, ids from `nextId`. */
export function provenanceFor(records: readonly Resource[], facility: Facility, nextId: () => string): Resource[] {
  const groups = new Map<string, { author: Reference | undefined; targets: Reference[]; recorded: string }>();
  for (const r of records) {
    const author = authorOf(r as Json);
    const encounter = r.resourceType === 'Encounter' ? `Encounter/${r.id}` : (asRef(r.encounter)?.reference ?? asRef((r.context as Json | undefined)?.encounter)?.reference ?? '');
    const key = `${encounter}|${author?.reference ?? ''}`;
    const stamp = (r.meta as { lastUpdated: string }).lastUpdated;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { author, targets: [], recorded: stamp }));
    g.targets.push({ reference: `${r.resourceType}/${r.id}` });
    if (stamp > g.recorded) g.recorded = stamp;
  }
  const org = facility.organizationRef;
  return [...groups.values()].map((g) => ({
    resourceType: 'Provenance',
    id: nextId(),
    meta: { lastUpdated: g.recorded, profile: PROFILE },
    target: g.targets,
    recorded: g.recorded,
    agent: [
      g.author && !g.author.reference.startsWith('Organization/')
        ? { type: AUTHOR, who: g.author, ...(g.author.reference.startsWith('Practitioner') ? { onBehalfOf: org } : {}) }
        : { type: AUTHOR, who: org },
      { type: TRANSMITTER, who: org },
    ],
  }));
}
