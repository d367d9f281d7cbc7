/**
 * R4 allows extensions on every primitive element, canonical included
 * (https://hl7.org/fhir/R4/datatypes.html#primitive); in JSON they go in the `_name` sibling
 * (https://hl7.org/fhir/R4/json.html#primitive). The official 4.0 JSON schema omits that
 * sibling for canonical elements; the sandbox's validator adds it, and only it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCanonicalExtensions, prepareFhirSchema, readFhirSchema } from '../../../src/fhir/validate/prepare-schema.js';
import { createResourceValidator } from '../../../src/fhir/validate/schema-validator.js';

const validate = createResourceValidator();

const response = {
  resourceType: 'QuestionnaireResponse',
  status: 'completed',
  questionnaire: 'http://loinc.org/q/88121-9',
  _questionnaire: {
    extension: [
      { url: 'http://hl7.org/fhir/StructureDefinition/display', valueString: 'Hunger Vital Sign [HVS]' },
      { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-extension-questionnaire-uri', valueUri: 'http://loinc.org/q/88121-9' },
    ],
  },
};

describe('FHIR R4 schema validation: extensions on canonical elements', () => {
  it('accepts a QuestionnaireResponse whose questionnaire carries extensions', () => {
    assert.deepEqual(validate(response), []);
  });

  it('accepts extensions on a repeating canonical element (Questionnaire.derivedFrom)', () => {
    const questionnaire = {
      resourceType: 'Questionnaire',
      status: 'active',
      derivedFrom: ['http://loinc.org/q/88121-9'],
      _derivedFrom: [{ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/display', valueString: 'Hunger Vital Sign' }] }],
    };
    assert.deepEqual(validate(questionnaire), []);
  });

  it('still refuses an underscore element that has no primitive element beside it', () => {
    const problems = validate({ ...response, _subject: { extension: [] } });
    assert.deepEqual(problems.map((p) => p.message), ["unknown element '_subject'"]);
  });

  it('adds the sibling to every canonical element that lacks it and to no other element', () => {
    const raw = readFhirSchema();
    const definitions = JSON.parse(JSON.stringify(raw.definitions)) as Parameters<typeof addCanonicalExtensions>[0];
    const before = new Map(Object.entries(definitions).map(([name, def]) => [name, Object.keys((def.properties ?? {}) as object)]));
    const added = addCanonicalExtensions(definitions);
    assert.equal(added, 72);
    for (const [name, def] of Object.entries(definitions)) {
      const properties = (def.properties ?? {}) as Record<string, { $ref?: string; items?: { $ref?: string } }>;
      for (const key of Object.keys(properties).filter((k) => !before.get(name)?.includes(k))) {
        const base = properties[key.slice(1)];
        assert.ok(key.startsWith('_') && (base?.$ref ?? base?.items?.$ref) === '#/definitions/canonical', `${name}.${key}`);
      }
    }
    assert.equal(addCanonicalExtensions(definitions), 0, 'idempotent');
    const prepared = prepareFhirSchema(readFhirSchema()).definitions as Record<string, { properties: Record<string, unknown> }>;
    assert.ok('_questionnaire' in (prepared.QuestionnaireResponse?.properties ?? {}));
  });
});
