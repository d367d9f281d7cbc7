/**
 * Byte-identical output: every resource of the default seed, a set of search pages and a
 * version history hash to the committed digest. Storage changes must keep it; when the
 * output is meant to change (new seed data), regenerate it with `npm run digest:update`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type * as source from '../../src/index.js';
import { computeOutputDigest, DIGEST_FILE, type OutputDigest } from './output-digest.js';

const HINT =
  'the FHIR output of the default seed changed. If that is intended (new seed data or elements), run `npm run digest:update` and commit test/output/output-digest.json; otherwise a storage change altered served bytes';

test('the default seed serves the same bytes as the committed digest', async () => {
  const expected = JSON.parse(readFileSync(DIGEST_FILE, 'utf8')) as OutputDigest;
  const actual = await computeOutputDigest();
  assert.equal(actual.resourceCount, expected.resourceCount, HINT);
  assert.deepEqual(actual.responses, expected.responses, HINT);
  assert.equal(actual.resources, expected.resources, HINT);
});

test('the built package (`import \'mock-ehr\'`, made by `npm run build`) serves the same bytes', async () => {
  // The bundle replaces some modules by smaller ones of the same data (scripts/bundle.ts).
  const PACKAGE = 'mock-ehr';
  const expected = JSON.parse(readFileSync(DIGEST_FILE, 'utf8')) as OutputDigest;
  const actual = await computeOutputDigest((await import(PACKAGE)) as typeof source);
  assert.equal(actual.resourceCount, expected.resourceCount, HINT);
  assert.deepEqual(actual.responses, expected.responses, HINT);
  assert.equal(actual.resources, expected.resources, HINT);
});
