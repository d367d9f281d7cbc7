import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateSeedData } from '../../seed/index.js';
import type { Resource } from '../../src/fhir/resource.js';
import { DataLoadError, assertReferencesResolve, loadDataSource, loadDataSources, originOf } from '../../src/data/load.js';

const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'data');
const fixture = (name: string): string => join(FIXTURES, name);

// Loaded resources are open JSON; the tests read them freely.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const find = (resources: Resource[], type: string): Json[] => resources.filter((r) => r.resourceType === type);

async function loadError(promise: Promise<unknown>): Promise<DataLoadError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DataLoadError, `expected a DataLoadError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the load to fail');
}

describe('loading your own data', () => {
  it('loads a Synthea-shaped transaction bundle, turning urn:uuid references into ids', async () => {
    const resources = await loadDataSource(fixture('synthea/Alva958_Kub800_patient.json'));
    assert.deepEqual(resources.map((r) => r.resourceType), ['Patient', 'Encounter', 'Observation']);
    const [patient, encounter, observation] = resources as Json[];
    assert.equal(patient.id, '6d3b1f2a-4c5e-4f8a-9b7c-1a2b3c4d5e6f');
    assert.equal(encounter.subject.reference, `Patient/${patient.id}`);
    assert.equal(observation.id, '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', 'an id from the urn:uuid fullUrl');
    assert.equal(observation.encounter.reference, `Encounter/${encounter.id}`);
    assert.deepEqual(originOf(observation), { file: fixture('synthea/Alva958_Kub800_patient.json'), entry: 'entry 2' });
    assert.equal(JSON.stringify(observation).includes('origin'), false, 'the origin is not part of the resource');
  });

  it('loads a Synthea folder and resolves its conditional references to practitioners and organizations', async () => {
    const resources = await loadDataSources([fixture('synthea')]);
    assert.equal(resources.length, 5);
    const encounter = find(resources, 'Encounter')[0];
    const practitioner = find(resources, 'Practitioner')[0];
    const organization = find(resources, 'Organization')[0];
    assert.equal(encounter.participant[0].individual.reference, `Practitioner/${practitioner.id}`);
    assert.equal(organization.id, 'a5c3b1d2-0000-4000-8000-000000000001');
    assert.equal(encounter.serviceProvider.reference, `Organization/${organization.id}`);
  });

  it('loads NDJSON beside the synthetic data, whose resources it may reference', async () => {
    const generated = generateSeedData({ seed: 42, patients: 2 });
    const resources = await loadDataSources([fixture('ndjson/Observation.ndjson')], { existing: generated });
    assert.equal(resources.length, 2);
    assert.equal(resources[0]?.id, 'nd-hr-1');
    assert.match(resources[1]?.id ?? '', /^ld-[0-9a-f]{8}-line3$/, 'a deterministic id for a resource without one');
    assert.equal(originOf(resources[1] as Resource)?.entry, 'line 3');
    const again = await loadDataSource(fixture('ndjson/Observation.ndjson'));
    assert.equal(again[1]?.id, resources[1]?.id);
  });

  it('loads a folder recursively, in a stable order, skipping hidden and non-data files', async () => {
    const resources = await loadDataSources([fixture('folder')]);
    assert.deepEqual(resources.map((r) => `${r.resourceType}/${r.id}`), ['Condition/folder-condition', 'Patient/folder-patient']);
    assert.equal(originOf(resources[0] as Resource)?.file, `${fixture('folder')}/nested/conditions.json`);
  });

  it('fails on an invalid resource, naming the file, the entry and the problem, and loads nothing', async () => {
    const error = await loadError(loadDataSources([fixture('folder'), fixture('bad/observations.json')]));
    assert.equal(error.name, 'DataLoadError');
    const messages = error.problems.map((p) => `${p.entry} ${p.resource} ${p.message}`);
    assert.ok(messages.includes("entry 1 Observation/bad-1 Observation: unknown element 'colour'"), messages.join('\n'));
    assert.ok(messages.includes("entry 2 Observation/bad-2 Observation: missing required element 'code'"), messages.join('\n'));
    assert.ok(error.problems.every((p) => p.file === fixture('bad/observations.json')));
    assert.match(error.message, /bad\/observations\.json, entry 2 \(Observation\/bad-2\): Observation: missing required element 'code'/);
  });

  it('fails on broken JSON with the line and column', async () => {
    const error = await loadError(loadDataSource(fixture('broken')));
    assert.equal(error.problems.length, 1);
    assert.match(error.message, /broken\/patient\.json: invalid JSON: .*\(line 2, column \d+\)/);
  });

  it('fails on a reference that points nowhere, naming file and line', async () => {
    const error = await loadError(loadDataSources([fixture('dangling')], { existing: generateSeedData({ seed: 1, patients: 1 }) }));
    assert.match(error.message, /dangling\/Observation\.ndjson, line 1 \(Observation\/dangling-1\): reference Patient\/nobody-here points at no loaded or generated resource/);
  });

  it('fails on an id that the synthetic data already uses', async () => {
    const generated = generateSeedData({ seed: 1, patients: 1 });
    assert.doesNotThrow(() => assertReferencesResolve(generated), 'the synthetic data alone is consistent');
    const loaded = await loadDataSource(fixture('folder/patient.json'));
    (loaded[0] as Json).id = 'pt-0001';
    assert.throws(() => assertReferencesResolve([...generated, ...loaded]), /folder\/patient\.json \(Patient\/pt-0001\): duplicate id: Patient\/pt-0001/);
    await assert.rejects(
      loadDataSources([fixture('folder')], { existing: [...generated, { resourceType: 'Patient', id: 'folder-patient' }] }),
      /duplicate id: Patient\/folder-patient/,
    );
  });

  it('fails on a missing path or an unknown file type', async () => {
    const missing = await loadError(loadDataSource(fixture('no-such-folder')));
    assert.match(missing.message, /no-such-folder: no such file or folder/);
    const unknown = await loadError(loadDataSource(fixture('synthea/README.txt')));
    assert.match(unknown.message, /README\.txt: not a \.json or \.ndjson file/);
  });
});
