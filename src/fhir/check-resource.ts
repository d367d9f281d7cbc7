/**
 * Checks a resource body sent for create or update: a JSON object of the URL's type,
 * with the id rules of R4 http.html#create and #update, valid against the R4 schema.
 * Every problem is reported at once; nothing is stored when there is any.
 */
import { badRequest, unprocessable } from '../errors/operation-outcome.js';
import { ID_PATTERN, type Resource } from './resource.js';
import type { ResourceValidator } from './validate/schema-validator.js';

export function checkResourceBody(
  body: unknown,
  resourceType: string,
  validate: ResourceValidator,
  urlId?: string,
): Resource {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a FHIR resource: a JSON object');
  }
  const resource = body as Resource;
  if (resource.resourceType !== resourceType) {
    throw badRequest(
      `The body's resourceType (${JSON.stringify(resource.resourceType)}) does not match the URL's type ${resourceType}`,
      [`${resourceType}.resourceType`],
    );
  }
  if (urlId !== undefined) {
    if (resource.id === undefined) throw badRequest(`An update must carry the id; expected "${urlId}"`, [`${resourceType}.id`]);
    if (resource.id !== urlId) {
      throw badRequest(`The body's id (${JSON.stringify(resource.id)}) does not match the id in the URL (${urlId})`, [
        `${resourceType}.id`,
      ]);
    }
    if (!ID_PATTERN.test(urlId)) throw badRequest(`'${urlId}' is not a valid FHIR id`, [`${resourceType}.id`]);
  }
  const problems = validate(resource);
  if (problems.length > 0) {
    throw unprocessable(
      problems.map((p) => ({ message: `${p.path}: ${p.message}`, path: p.path })),
      400,
    );
  }
  return resource;
}
