/**
 * Validates resources against the official FHIR R4 JSON schema, offline. The schema comes
 * precompiled by the build step (`generated/fhir-r4-validator.cjs`); without that file the
 * schema is compiled here, which takes about 1.5 s once.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { packageRoot } from '../../paths.js';
import { prepareFhirSchema, readFhirSchema, RESOURCE_LIST_REF } from './prepare-schema.js';

export interface ValidationProblem {
  /** FHIRPath-style location, e.g. `Patient.name[0].family`. */
  path: string;
  message: string;
}

export type ResourceValidator = (resource: unknown) => ValidationProblem[];

function loadCompiled(): ValidateFunction {
  const file = join(packageRoot(), 'generated', 'fhir-r4-validator.cjs');
  if (existsSync(file)) {
    return (createRequire(import.meta.url)(file) as { ResourceList: ValidateFunction }).ResourceList;
  }
  // ajv is loaded only here, in the fallback: start-up does not pay for it.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true, validateSchema: false });
  ajv.addSchema(prepareFhirSchema(readFhirSchema()));
  const validate = ajv.getSchema(RESOURCE_LIST_REF);
  if (!validate) throw new Error('mock-ehr: the FHIR schema has no ResourceList');
  return validate;
}

function toPath(resourceType: string, instancePath: string): string {
  let path = resourceType;
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return path;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown element '${String(params.additionalProperty)}'`;
    case 'required':
      return `missing required element '${String(params.missingProperty)}'`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'discriminator':
      return params.error === 'mapping' ? `'${String(params.tagValue)}' is not a FHIR R4 resource type` : 'resourceType must be a string';
    case 'const':
      return `must be '${String(params.allowedValue)}'`;
    case 'pattern':
      return 'has an invalid format for its FHIR data type';
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Makes a validator; the compiled schema is loaded on the first call, so a sandbox that
 * never validates never pays for it.
 */
export function createResourceValidator(): ResourceValidator {
  let compiled: ValidateFunction | undefined;
  return (resource) => {
    compiled ??= loadCompiled();
    if (compiled(resource)) return [];
    const type = (resource as { resourceType?: unknown }).resourceType;
    const root = typeof type === 'string' ? type : 'Resource';
    const seen = new Set<string>();
    const problems: ValidationProblem[] = [];
    for (const error of compiled.errors ?? []) {
      // oneOf/anyOf wrap the detailed errors already listed; they add only noise.
      if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
      const problem = { path: toPath(root, error.instancePath), message: describe(error) };
      const key = `${problem.path} ${problem.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(problem);
      }
    }
    return problems;
  };
}
