/**
 * Provenance (US Core Provenance): who wrote each record. The records of a chart are grouped
 * by the encounter they belong to and the person who authored them (the recorder,
 * requester, author, performer or collector, by type); each group gets one Provenance naming that
 * author (on behalf of the organization) and the organization as transmitter. Records
 * without a practitioner author (registration, coverage, patient questionnaires) name the
 * organization, or the patient for what the patient answered.
 */
import type { Resource } from '../src/fhir/resource.js';
import { PROVENANCE_AGENT } from './codes/us-core.js';
import { profileList, referenceTo, sharedConcept, type Reference } from './fhir.js';
import type { Facility } from './model.js';
import type { Sharing } from './sharing.js';

const PROFILE = profileList('us-core-provenance');
const AUTHOR = sharedConcept(PROVENANCE_AGENT.author);
const TRANSMITTER = sharedConcept(PROVENANCE_AGENT.transmitter);

// Resources are read freely here; every accessor below knows its type's shape.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Where each type keeps the person who wrote the record. One small accessor per type keeps
 * property lookups on few shapes each; a generic walk over every field of every record costs
 * more than the rest of this module at start-up.
 */
const AUTHOR_OF: Record<string, (r: Json) => Reference | undefined> = {
  Encounter: (r) => r.participant?.[0]?.individual,
  Condition: (r) => r.recorder ?? r.asserter,
  Observation: (r) => r.performer?.[0],
  DiagnosticReport: (r) => r.performer?.[0],
  MedicationRequest: (r) => r.requester,
  MedicationDispense: (r) => r.performer?.[0]?.actor,
  AllergyIntolerance: (r) => r.recorder ?? r.asserter,
  Immunization: (r) => r.performer?.[0]?.actor,
  Procedure: (r) => r.recorder ?? r.performer?.[0]?.actor,
  DocumentReference: (r) => r.author?.[0],
  CarePlan: (r) => r.author,
  Goal: (r) => r.expressedBy,
  QuestionnaireResponse: (r) => r.author,
  ServiceRequest: (r) => r.requester,
  Specimen: (r) => r.collection?.collector,
  Media: (r) => r.operator,
};

/** True for a reference to a person (a practitioner, their role, the patient or a relative). */
function isPerson(r: Reference | undefined): r is Reference {
  const key = r?.reference;
  return key !== undefined && (key.startsWith('Practitioner') || key.startsWith('Patient/') || key.startsWith('RelatedPerson/'));
}

/** The person who wrote a record, if one did (otherwise the organization is the author). */
export function authorOf(r: Json): Reference | undefined {
  const author = AUTHOR_OF[r.resourceType as string]?.(r);
  return isPerson(author) ? author : undefined;
}

/** The encounter a record belongs to (its own id for an Encounter). */
function encounterOf(r: Json, shared: Sharing | undefined): string {
  if (r.resourceType === 'Encounter') return shared?.knownReference('Encounter', r.id as string)?.reference ?? referenceTo('Encounter', r.id as string);
  if (r.resourceType === 'DocumentReference') return r.context?.encounter?.[0]?.reference ?? '';
  if (r.resourceType === 'MedicationDispense') return r.context?.reference ?? '';
  return r.encounter?.reference ?? '';
}

/** The agents of a Provenance whose author is `author` (the organization when undefined). */
function agentsOf(author: Reference | undefined, org: Readonly<Reference>): object[] {
  return [
    author && !author.reference.startsWith('Organization/')
      ? { type: AUTHOR, who: author, ...(author.reference.startsWith('Practitioner') ? { onBehalfOf: org } : {}) }
      : { type: AUTHOR, who: org },
    { type: TRANSMITTER, who: org },
  ];
}

/**
 * The Provenance resources of `records` (from index `from` on), ids from `nextId`. With `shared`, the agents of each
 * author are one shared list (authors are shared references, so their identity is the key).
 */
export function provenanceFor(records: readonly Resource[], facility: Facility, nextId: () => string, shared?: Sharing, from = 0): Resource[] {
  // Groups by encounter, then by author (maps of maps: no key strings to build per record).
  const groups: { author: Reference | undefined; targets: Readonly<Reference>[]; recorded: string }[] = [];
  const byEncounter = new Map<string, Map<string, (typeof groups)[number]>>();
  // Records of one visit and author mostly come one after another (a visit's vital signs, a
  // panel's results): the group of the record before is tried first, without a lookup.
  let lastEncounter: string | undefined;
  let lastWho: string | undefined;
  let last: (typeof groups)[number] | undefined;
  for (let i = from; i < records.length; i++) {
    const r = records[i]!;
    const author = authorOf(r);
    const encounter = encounterOf(r, shared);
    const stamp: string = (r.meta as Json).lastUpdated;
    const who = author?.reference ?? '';
    let g = last;
    if (g === undefined || encounter !== lastEncounter || who !== lastWho) {
      let byAuthor = byEncounter.get(encounter);
      if (!byAuthor) byEncounter.set(encounter, (byAuthor = new Map()));
      g = byAuthor.get(who);
      if (!g) {
        g = { author, targets: [], recorded: stamp };
        byAuthor.set(who, g);
        groups.push(g);
      }
      last = g;
      lastEncounter = encounter;
      lastWho = who;
    }
    // A record is the target of one Provenance: its reference is shared only when the chart
    // already holds one (a visit, a condition, a result), else it is made here, held once.
    g.targets.push(shared?.knownReference(r.resourceType, r.id as string) ?? { reference: referenceTo(r.resourceType, r.id as string) });
    if (stamp > g.recorded) g.recorded = stamp;
  }
  const org = facility.organizationRef;
  return groups.map((g) => ({
    resourceType: 'Provenance',
    id: nextId(),
    meta: { lastUpdated: g.recorded, profile: PROFILE },
    // A copy of exactly its length: the list grew by push, with room to spare.
    target: g.targets.slice(),
    recorded: g.recorded,
    agent: shared && (g.author === undefined || Object.isFrozen(g.author)) ? shared.memo2('provenance-agents', org, g.author ?? org, () => agentsOf(g.author, org)) : agentsOf(g.author, org),
  }));
}
