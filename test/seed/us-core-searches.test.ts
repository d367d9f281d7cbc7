/**
 * Every SHALL search of every US Core 6.1 / 7.0 profile, run over real HTTP against the
 * default seed for a patient who has data of the profile, answers exactly the resources the
 * store holds that match (expected results are recomputed here from the stored resources,
 * with the FHIR R4 search.html rules for each parameter type), plus `_revinclude=Provenance:target`.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';
import type { Json } from './helpers.js';
import { claiming, loadProfiles, US_CORE_VERSIONS, type ProfileMetadata, type SearchDefinition } from './us-core-metadata.js';
import { KNOWN_GAPS } from './us-core-gaps.js';
import { dateRange, matches, type Criterion } from './us-core-search-match.js';

let sb: Sandbox;
let server: Server;
let base: string;
let data: Json[];

before(async () => {
  sb = await createSandbox({ open: true, keyFile: TEST_KEY_FILE });
  server = createServer(sb.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  data = sb.store.types().flatMap((t) => [...sb.store.all(t)]) as Json[];
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Every page of a search set, entries by search mode. */
async function search(query: string): Promise<{ match: string[]; include: Json[] }> {
  const match: string[] = [];
  const include: Json[] = [];
  let url: string | undefined = `${base}/${query}${query.includes('?') ? '&' : '?'}_count=200`;
  while (url) {
    const res: Response = await fetch(url);
    assert.equal(res.status, 200, `${query}: ${res.status} ${await res.clone().text()}`);
    const bundle = (await res.json()) as Json;
    for (const e of bundle.entry ?? []) {
      if (e.search?.mode === 'include') include.push(e.resource);
      else match.push(`${e.resource.resourceType}/${e.resource.id}`);
    }
    url = bundle.link?.find((l: Json) => l.relation === 'next')?.url;
  }
  return { match: match.sort(), include };
}

const subjectOf = (r: Json): string | undefined => (r.resourceType === 'Patient' ? `Patient/${r.id}` : (r.subject ?? r.patient ?? r.beneficiary)?.reference);

/** The query value of a parameter, taken from an anchor resource (undefined when it has none). */
function valueFrom(anchor: Json, name: string, def: SearchDefinition): Criterion | undefined {
  if (name === 'patient') return { name, kind: 'reference', value: subjectOf(anchor) ?? '', def };
  if (name === '_id') return { name, kind: 'id', value: anchor.id, def };
  const found = def.paths.flatMap((p) => pathValues(anchor, p));
  const v = found[0];
  if (v === undefined) return undefined;
  switch (def.type) {
    case 'CodeableConcept':
    case 'Coding': {
      const c = v.coding?.[0] ?? v;
      return { name, kind: 'token', value: `${c.system}|${c.code}`, def };
    }
    case 'Identifier':
      return { name, kind: 'token', value: `${v.system}|${v.value}`, def };
    case 'code':
    case 'http://hl7.org/fhirpath/System.String':
      return { name, kind: 'token', value: String(v), def };
    case 'Reference':
      return { name, kind: 'reference', value: v.reference, def };
    case 'HumanName':
      return { name, kind: 'string', value: v.family, def };
    case 'Address':
      return { name, kind: 'string', value: v.city, def };
    case 'string':
      return { name, kind: 'string', value: String(v), def };
    default: {
      const range = dateRange(v);
      if (!range) return undefined;
      const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
      const span = { first: day(range[0]), last: day(Math.min(range[1] - 1, Date.UTC(2100, 0))) };
      // A value longer than a day (a Period) is within no single day: ask from its first day on.
      return { name, kind: 'date', value: span.first, span, def, ...(span.first === span.last ? {} : { prefix: 'ge' }) };
    }
  }
}

/** Values at a search path of the metadata (`effective` finds effectiveDateTime or effectivePeriod). */
export function pathValues(root: Json, path: string): Json[] {
  let values: Json[] = [root];
  for (const segment of path.split('.')) {
    const next: Json[] = [];
    for (const v of values) {
      if (!v || typeof v !== 'object') continue;
      const keys = segment in v ? [segment] : Object.keys(v).filter((k) => k.startsWith(segment) && /^[A-Z]/.test(k.slice(segment.length)));
      for (const k of keys) next.push(...(Array.isArray(v[k]) ? v[k] : [v[k]]));
    }
    values = next;
  }
  return values;
}

/** The SHALL combinations of a profile, and the query strings to run for one anchor. */
function queries(profile: ProfileMetadata, anchor: Json): { label: string; query: string; criteria: Criterion[] }[] {
  const out: { label: string; query: string; criteria: Criterion[] }[] = [];
  for (const s of profile.searches.filter((x) => x.expectation === 'SHALL')) {
    const criteria = s.names.map((n) => valueFrom(anchor, n, profile.search_definitions[n]!));
    if (criteria.some((c) => c === undefined)) throw new Error(`${profile.name}: ${anchor.resourceType}/${anchor.id} has no value for ${s.names.join('+')}`);
    const list = criteria as Criterion[];
    const make = (cs: Criterion[]): string => `${profile.resource}?${cs.map((c) => `${c.name}=${encodeURIComponent(`${c.prefix ?? ''}${c.value}`)}`).join('&')}`;
    out.push({ label: s.names.join('+'), query: make(list), criteria: list });
    // The comparators a server SHALL support on date parameters (gt, ge, lt, le).
    for (const c of list.filter((x) => x.kind === 'date')) {
      for (const [prefix, expectation] of Object.entries(c.def.comparators)) {
        if (expectation !== 'SHALL') continue;
        // gt the day before the anchor's first day, lt the day after its last, ge its first, le its last:
        // the anchor matches every comparator.
        const from = prefix === 'lt' || prefix === 'le' ? (c.span?.last ?? c.value) : (c.span?.first ?? c.value);
        const shift = prefix === 'gt' ? -1 : prefix === 'lt' ? 1 : 0;
        const value = new Date(Date.parse(`${from}T00:00:00Z`) + shift * 86_400_000).toISOString().slice(0, 10);
        const cs = list.map((x) => (x === c ? { ...x, prefix, value } : x));
        out.push({ label: `${s.names.join('+')} (${c.name}=${prefix})`, query: make(cs), criteria: cs });
      }
    }
  }
  return out;
}

describe('the CapabilityStatement lists the profiles the data claims', () => {
  it('gives each resource type exactly the US Core profiles its resources claim, every profile with data among them', async () => {
    const statement = (await (await fetch(`${base}/metadata`)).json()) as Json;
    const listed = new Map<string, string[]>(statement.rest[0].resource.filter((r: Json) => r.supportedProfile).map((r: Json) => [r.type, r.supportedProfile]));
    const claimed = new Map<string, Set<string>>();
    for (const r of data) {
      for (const p of r.meta.profile ?? []) if (p.startsWith('http://hl7.org/fhir/us/core/')) claimed.set(r.resourceType, (claimed.get(r.resourceType) ?? new Set()).add(p));
    }
    assert.deepEqual([...listed.keys()].sort(), [...claimed.keys()].sort());
    for (const [type, profiles] of claimed) assert.deepEqual(listed.get(type), [...profiles].sort(), type);
    for (const version of US_CORE_VERSIONS) {
      for (const profile of loadProfiles(version)) {
        if (claiming(data, profile).length > 0) assert.ok(listed.get(profile.resource)?.includes(profile.profile_url), profile.profile_url);
      }
    }
  });
});

for (const version of US_CORE_VERSIONS) {
  describe(`US Core ${version} SHALL searches answer with what the default seed holds`, () => {
    for (const profile of loadProfiles(version)) {
      const shall = profile.searches.some((s) => s.expectation === 'SHALL');
      const noData = KNOWN_GAPS[`${version} ${profile.name}`]?.includes(`no ${profile.resource} claims the profile`) ?? false;
      it(`${profile.name}: ${shall ? 'every SHALL search' : 'a search'} and _revinclude=Provenance:target`, { skip: noData && 'no data yet (see us-core-gaps.ts)' }, async () => {
        const claimed = claiming(data, profile);
        assert.ok(claimed.length > 0, `${profile.name}: no ${profile.resource} claims ${profile.profile_url}`);
        // A patient of the middle of the data set with data of the profile, and its latest resource.
        const anchor = claimed[Math.floor(claimed.length / 2)];
        const pool = data.filter((r) => r.resourceType === profile.resource);
        for (const q of queries(profile, anchor)) {
          const { match } = await search(q.query);
          const verdicts = pool.map((r) => ({ r, v: q.criteria.map((c) => matches(r, c, pathValues)) }));
          const must = verdicts.filter((x) => x.v.every((v) => v === true)).map((x) => `${x.r.resourceType}/${x.r.id}`);
          const mustNot = new Set(verdicts.filter((x) => x.v.some((v) => v === false)).map((x) => `${x.r.resourceType}/${x.r.id}`));
          assert.ok(must.length > 0, `${profile.name} ${q.query}: nothing expected (bad test input)`);
          assert.deepEqual(must.filter((k) => !match.includes(k)), [], `${profile.name} ${q.label}: ${q.query} misses matching resources`);
          assert.deepEqual(match.filter((k) => mustNot.has(k)), [], `${profile.name} ${q.label}: ${q.query} returns resources that do not match`);
          assert.ok(match.includes(`${anchor.resourceType}/${anchor.id}`), `${profile.name} ${q.query} misses ${anchor.resourceType}/${anchor.id}`);
        }
        if (profile.resource === 'Provenance') return; // a Provenance has no Provenance of its own
        const { include } = await search(`${profile.resource}?_id=${anchor.id}&_revinclude=Provenance:target`);
        const expected = data.filter((r) => r.resourceType === 'Provenance' && r.target.some((t: Json) => t.reference === `${anchor.resourceType}/${anchor.id}`));
        assert.ok(expected.length > 0, `${profile.name}: no Provenance targets ${anchor.resourceType}/${anchor.id}`);
        assert.deepEqual(include.map((r) => r.id).sort(), expected.map((r) => r.id).sort(), `${profile.name}: _revinclude=Provenance:target of ${anchor.resourceType}/${anchor.id}`);
      });
    }
  });
}
