/**
 * Synthea-shaped data, uploaded the way a bulk loader does it (hospital and practitioner
 * batches, then patient transactions, each twice) with a real FHIR client, and loaded with
 * the `data` option: shared resources are stored once, and every reference resolves.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from 'fhir-kit-client';
import { createSandbox, DataLoadError, type Sandbox } from '../../src/index.js';
import { loadDataSources } from '../../src/data/load.js';
import { collectReferences } from '../../src/store/references.js';
import type { ResourceStore } from '../../src/store/resource-store.js';

const RUNS = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'data', 'synthea-runs');
const run1 = join(RUNS, 'run1');
const run2 = join(RUNS, 'run2');
const HOSPITAL = (run: string, n: number): string => join(run, `hospitalInformation170000000000${n}.json`);
const PRACTITIONERS = (run: string, n: number): string => join(run, `practitionerInformation170000000000${n}.json`);
const PATIENT1 = join(run1, 'Sam1_Alpha1_d3a00000-0000-4000-8000-00000000a001.json');
const PATIENT2 = join(run2, 'Sam2_Beta2_d3a00000-0000-4000-8000-00000000b001.json');

type FhirResource = Parameters<Client['batch']>[0]['body'];
const bundleOf = async (file: string): Promise<FhirResource> => JSON.parse(await readFile(file, 'utf8')) as FhirResource;

/** Every reference of every stored resource that names a resource of this server which is not there. */
function dangling(store: ResourceStore): string[] {
  const out: string[] = [];
  for (const type of store.types()) {
    for (const r of store.all(type)) {
      for (const target of collectReferences(r)) {
        const [t, id] = target.split('/') as [string, string];
        if (!store.peek(t, id)) out.push(`${type}/${r.id} -> ${target}`);
      }
      if (/"reference":"(urn:|[A-Za-z]+\?)/.test(JSON.stringify(r))) out.push(`${type}/${r.id} keeps a urn: or conditional reference`);
    }
  }
  return out;
}

const counts = (store: ResourceStore): Record<string, number> =>
  Object.fromEntries(['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Patient', 'Encounter', 'MedicationRequest'].map((t) => [t, store.count(t)]));

describe('uploading Synthea output over HTTP with a FHIR client', () => {
  let sb: Sandbox;
  let client: Client;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    sb.store.clear(); // no synthetic practitioners or organizations: only what is uploaded
    await sb.listen(0, '127.0.0.1');
    client = new Client({ baseUrl: sb.fhirBaseUrl });
  });
  after(() => sb.close());

  it('stores shared resources once when the same files are uploaded twice, and resolves every reference', async () => {
    for (let round = 0; round < 2; round++) {
      await client.batch({ body: await bundleOf(HOSPITAL(run1, 1)) });
      await client.batch({ body: await bundleOf(PRACTITIONERS(run1, 1)) });
      const response = (await client.transaction({ body: await bundleOf(PATIENT1) })) as unknown as { entry: { response: { status: string } }[] };
      assert.ok(response.entry.every((e) => e.response.status === '201 Created'));
    }
    // Patient bundles have no ifNoneExist (as Synthea writes them): their resources are stored again.
    assert.deepEqual(counts(sb.store), { Organization: 1, Location: 1, Practitioner: 2, PractitionerRole: 2, Patient: 2, Encounter: 2, MedicationRequest: 2 });
    assert.deepEqual(dangling(sb.store), []);
  });

  it('makes the resolved references searchable: practitioner= and _include find them', async () => {
    const practitioner = [...sb.store.all('Practitioner')].find((p) => JSON.stringify(p).includes('9999990001'))!;
    const byPractitioner = (await client.search({ resourceType: 'Encounter', searchParams: { practitioner: `Practitioner/${practitioner.id}` } })) as unknown as { total: number };
    assert.equal(byPractitioner.total, 2);
    const included = (await client.search({ resourceType: 'MedicationRequest', searchParams: { _include: 'MedicationRequest:requester' } })) as unknown as {
      entry: { resource: { resourceType: string; id: string }; search: { mode: string } }[];
    };
    assert.deepEqual(included.entry.filter((e) => e.search.mode === 'include').map((e) => `${e.resource.resourceType}/${e.resource.id}`), [`Practitioner/${practitioner.id}`]);
  });

  it('loads a second run that shares the hospital and a practitioner beside the first', async () => {
    await client.batch({ body: await bundleOf(HOSPITAL(run2, 2)) });
    await client.batch({ body: await bundleOf(PRACTITIONERS(run2, 2)) });
    await client.transaction({ body: await bundleOf(PATIENT2) });
    assert.deepEqual(counts(sb.store), { Organization: 1, Location: 1, Practitioner: 3, PractitionerRole: 3, Patient: 3, Encounter: 3, MedicationRequest: 3 });
    assert.deepEqual(dangling(sb.store), []);
  });

  it('fails a patient transaction whose practitioners were never uploaded, naming the missing file, and stores nothing', async () => {
    const empty = await createSandbox({ patients: 0, open: true });
    await empty.listen(0, '127.0.0.1');
    const before = empty.store.count();
    try {
      const res = await fetch(`${empty.fhirBaseUrl}`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(await bundleOf(PATIENT1)) });
      assert.equal(res.status, 400);
      const outcome = (await res.json()) as { issue: { diagnostics: string }[] };
      assert.match(outcome.issue[0]!.diagnostics, /nothing was changed.*(practitionerInformation|hospitalInformation)/);
      assert.equal(empty.store.count(), before);
    } finally {
      await empty.close();
    }
  });
});

describe('loading the same Synthea runs with the data option', () => {
  it('loads two runs that share a hospital together, skipping the non-FHIR log.ndjson with a warning', async () => {
    const warnings: string[] = [];
    const loaded = await loadDataSources([run1, run2], { onWarning: (m) => warnings.push(m) });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /log\.ndjson: it holds no FHIR resources/);
    const byType = (type: string): number => loaded.filter((r) => r.resourceType === type).length;
    assert.deepEqual(
      { Organization: byType('Organization'), Location: byType('Location'), Practitioner: byType('Practitioner'), PractitionerRole: byType('PractitionerRole'), Patient: byType('Patient') },
      { Organization: 1, Location: 1, Practitioner: 3, PractitionerRole: 3, Patient: 2 },
    );
    const sb = await createSandbox({ patients: 0, open: true, data: [run1, run2] });
    const seeded = await createSandbox({ patients: 0, open: true });
    const added = Object.fromEntries(Object.entries(counts(sb.store)).map(([t, n]) => [t, n - seeded.store.count(t)]));
    assert.deepEqual(added, { Organization: 1, Location: 1, Practitioner: 3, PractitionerRole: 3, Patient: 2, Encounter: 2, MedicationRequest: 2 });
    assert.deepEqual(dangling(sb.store), []);
  });

  it('names the missing practitionerInformation file when a patient file is loaded alone', async () => {
    try {
      await loadDataSources([PATIENT1]);
      assert.fail('expected the load to fail');
    } catch (error) {
      assert.ok(error instanceof DataLoadError);
      assert.ok(error.problems.some((p) => /Practitioner\?identifier=.*practitionerInformation/.test(p.message)), error.message);
      assert.ok(error.problems.some((p) => /Organization\?identifier=.*hospitalInformation/.test(p.message)), error.message);
    }
  });
});
