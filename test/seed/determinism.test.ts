import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSeedData, seedResources } from '../../seed/index.js';
import { ID_PATTERN } from '../../src/fhir/resource.js';

describe('generateSeedData: determinism', () => {
  it('gives the same resources, byte for byte, for the same options', () => {
    const a = JSON.stringify(generateSeedData({ seed: 7, patients: 20 }));
    const b = JSON.stringify(generateSeedData({ seed: 7, patients: 20 }));
    assert.equal(a, b);
  });

  it('gives different data for a different seed, with the same ids', () => {
    const a = generateSeedData({ seed: 1, patients: 10 });
    const b = generateSeedData({ seed: 2, patients: 10 });
    assert.notEqual(JSON.stringify(a), JSON.stringify(b));
    const patientIds = (data: typeof a) => data.filter((r) => r.resourceType === 'Patient').map((r) => r.id);
    assert.deepEqual(patientIds(a), patientIds(b));
  });

  it('gives the same resources one chart at a time as they are taken, with progress after each chart', () => {
    const progress: number[] = [];
    const taken: string[] = [];
    let patients = 0;
    for (const r of seedResources({ seed: 7, patients: 6, onProgress: (done) => progress.push(done) })) {
      taken.push(JSON.stringify(r));
      // A chart begins with its Patient: that chart is made (and counted), the next ones not yet.
      if (r.resourceType === 'Patient') assert.equal(progress.length, ++patients, r.id);
    }
    assert.deepEqual(taken, generateSeedData({ seed: 7, patients: 6 }).map((r) => JSON.stringify(r)));
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
    // Bad options are refused when asked for, not when first taken.
    assert.throws(() => seedResources({ seed: -1, patients: 1 }), RangeError);
  });

  it('makes a smaller data set a prefix of a larger one', () => {
    const small = generateSeedData({ seed: 42, patients: 5 });
    const large = generateSeedData({ seed: 42, patients: 12 });
    assert.equal(JSON.stringify(large.slice(0, small.length)), JSON.stringify(small));
  });

  it('never reads Math.random or the clock', () => {
    const random = Math.random;
    const now = Date.now;
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    Date.now = () => {
      throw new Error('Date.now was called');
    };
    try {
      assert.ok(generateSeedData({ seed: 3, patients: 8 }).length > 0);
    } finally {
      Math.random = random;
      Date.now = now;
    }
  });

  it('anchors the data to the reference date', () => {
    const data = generateSeedData({ seed: 3, patients: 8, referenceDate: '2030-06-15' });
    const stamps = data.map((r) => r.meta?.lastUpdated as string);
    assert.ok(stamps.every((s) => s < '2030-06-15'));
    assert.ok(stamps.some((s) => s > '2029-06-15'));
  });

  it('gives every resource a unique, valid id, relative ordering and lastUpdated', () => {
    const data = generateSeedData({ seed: 42, patients: 30 });
    const keys = new Set<string>();
    for (const r of data) {
      assert.match(r.id ?? '', ID_PATTERN);
      const key = `${r.resourceType}/${r.id}`;
      assert.ok(!keys.has(key), `duplicate ${key}`);
      keys.add(key);
      assert.match(String(r.meta?.lastUpdated), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    const types = data.map((r) => r.resourceType);
    assert.deepEqual(types.slice(0, 5), ['Organization', 'Location', 'Location', 'Location', 'Location']);
    // The shared resources (organizations, locations, practitioners, their roles and endpoints,
    // payers, and their Provenance) come before the first patient's chart.
    const first = types.indexOf('Patient');
    assert.ok(types.lastIndexOf('PractitionerRole') < first && types.lastIndexOf('Endpoint') < first);
    assert.equal(types[first - 1], 'Provenance');
  });

  it('accepts 0 patients and rejects bad options', () => {
    assert.equal(generateSeedData({ seed: 1, patients: 0 }).filter((r) => r.resourceType === 'Patient').length, 0);
    assert.throws(() => generateSeedData({ seed: -1, patients: 1 }), RangeError);
    assert.throws(() => generateSeedData({ seed: 1, patients: 1.5 }), RangeError);
    assert.throws(() => generateSeedData({ seed: 1, patients: 1, referenceDate: '2026-02-30' }), /not a valid date/);
  });
});
