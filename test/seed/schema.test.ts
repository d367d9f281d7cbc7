import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createResourceValidator } from '../../src/fhir/validate/schema-validator.js';
import { defaultData } from './helpers.js';

describe('generateSeedData: FHIR R4 schema', () => {
  it('validates every resource of the default data set against the official R4 JSON schema', () => {
    const validate = createResourceValidator();
    const problems: string[] = [];
    for (const r of defaultData()) {
      for (const p of validate(r)) problems.push(`${r.resourceType}/${r.id}: ${p.path} ${p.message}`);
    }
    assert.deepEqual(problems.slice(0, 20), []);
  });
});
