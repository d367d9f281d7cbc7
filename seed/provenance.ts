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

/** A reference at `v` (or the first of a list), if it names a person. */
function person(v: unknown): Reference | undefined {
  const r = (Array.isArray(v) ? v[0] : v) as Reference | undefined;
  const key = r?.reference;
  if (typeof key !== 'string') return undefined;
  return key.startsWith('Practitioner') || key.startsWith('Patient/') || key.startsWith('RelatedPerson/') ? r : undefined;
}

/** The author of a record: its recorder, requester, author, asserter or first performer. */
export function authorOf(r: Json): Reference | undefined {
  const performer = Array.isArray(r.performer) ? (r.performer[0] as Json | undefined) : undefined;
  const participant = Array.isArray(r.participant) ? (r.participant[0] as Json | undefined) : undefined;
  return (
    person(r.recorder) ??
    person(r.requester) ??
    person(r.author) ??
    person(r.asserter) ??
    person(r.expressedBy) ??
    person(performer?.actor ?? performer) ??
    person(participant?.individual)
  );
}

/** The encounter a record belongs to (its own id for an Encounter). */
function encounterOf(r: Json): string {
  if (r.resourceType === 'Encounter') return `Encounter/${r.id as string}`;
  const direct = (r.encounter as Reference | undefined)?.reference;
  if (direct) return direct;
  const context = (r.context as { encounter?: Reference[] } | undefined)?.encounter?.[0]?.reference;
  return context ?? '';
}

/** The Provenance resources of `records`, ids from `nextId`. */
export function provenanceFor(records: readonly Resource[], facility: Facility, nextId: () => string): Resource[] {
  const groups = new Map<string, { author: Reference | undefined; targets: Reference[]; recorded: string }>();
  for (const r of records) {
    const author = authorOf(r as Json);
    const key = `${encounterOf(r as Json)}|${author?.reference ?? ''}`;
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
