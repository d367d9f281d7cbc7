/**
 * Maps a method and a path below the FHIR base to an interaction (R4 http.html summary
 * table). Unknown types are 404, known paths with the wrong method 405.
 */
import { badRequest, methodNotAllowed, notFound } from '../errors/operation-outcome.js';
import type { Interaction } from './request.js';
import { R4_RESOURCE_TYPES } from './resource-types.js';
import { ID_PATTERN } from './resource.js';

export interface Route {
  interaction: Interaction;
  resourceType?: string;
  id?: string;
  versionId?: string;
}

function allow(method: string, allowed: Record<string, Interaction>, what: string): Interaction {
  const interaction = allowed[method];
  if (!interaction) throw methodNotAllowed(`${method} is not allowed on ${what}`, Object.keys(allowed));
  return interaction;
}

function checkId(id: string, what: string): string {
  if (!ID_PATTERN.test(id)) throw badRequest(`'${id}' is not a valid FHIR ${what} (1-64 letters, digits, '-' or '.')`);
  return id;
}

/** `/{type}/{id}` with nothing to decode (no `%`), an optional trailing slash: the shape of a read. */
const PLAIN_INSTANCE = /^\/([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})\/?$/;

export function routeRequest(method: string, path: string): Route {
  // A read, answered as the general rules below would answer it, without splitting and decoding the path.
  if (method === 'GET') {
    const plain = PLAIN_INSTANCE.exec(path);
    if (plain !== null && R4_RESOURCE_TYPES.has(plain[1]!)) return { resourceType: plain[1], id: plain[2], interaction: 'read' };
  }
  let segments: string[];
  try {
    segments = path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
  } catch {
    throw badRequest(`The path ${path} has a malformed percent-escape`);
  }
  const [first, second, third, fourth] = segments;
  if (segments.length === 0) return { interaction: allow(method, { GET: 'search-system', POST: 'batch' }, 'the FHIR base') };
  if (first === '_search' && segments.length === 1) {
    return { interaction: allow(method, { POST: 'search-system' }, '_search') };
  }
  if (first === 'metadata' && segments.length === 1) {
    return { interaction: allow(method, { GET: 'capabilities' }, 'metadata') };
  }
  if (first === '_history' && segments.length === 1) {
    return { interaction: allow(method, { GET: 'history-system' }, '_history') };
  }
  if (!R4_RESOURCE_TYPES.has(first!)) {
    throw notFound(`'${first}' is not a FHIR R4 resource type`);
  }
  const resourceType = first!;
  if (segments.length === 1) {
    // PUT, PATCH and DELETE on the type are conditional: their criteria are the query (R4 http.html#cond-update, #cdelete).
    const onType: Record<string, Interaction> = { GET: 'search-type', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
    return { resourceType, interaction: allow(method, onType, resourceType) };
  }
  if (second === '$validate' && segments.length === 2) {
    return { resourceType, interaction: allow(method, { POST: 'validate' }, `${resourceType}/$validate`) };
  }
  if (second === '_search' && segments.length === 2) {
    return { resourceType, interaction: allow(method, { POST: 'search-type' }, `${resourceType}/_search`) };
  }
  if (second === '_history' && segments.length === 2) {
    return { resourceType, interaction: allow(method, { GET: 'history-type' }, `${resourceType}/_history`) };
  }
  if (second!.startsWith('$') || second!.startsWith('_')) {
    throw notFound(`${resourceType}/${second} is not supported`);
  }
  const id = checkId(second!, 'id');
  if (segments.length === 2) {
    return {
      resourceType,
      id,
      interaction: allow(method, { GET: 'read', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }, `${resourceType}/${id}`),
    };
  }
  if (third === '$validate' && segments.length === 3) {
    return { resourceType, id, interaction: allow(method, { GET: 'validate', POST: 'validate' }, `${resourceType}/${id}/$validate`) };
  }
  if (third === '$everything' && segments.length === 3 && resourceType === 'Patient') {
    return { resourceType, id, interaction: allow(method, { GET: 'everything' }, `Patient/${id}/$everything`) };
  }
  if (third === '_history' && segments.length === 3) {
    return { resourceType, id, interaction: allow(method, { GET: 'history-instance' }, `${resourceType}/${id}/_history`) };
  }
  if (third === '_history' && segments.length === 4) {
    const versionId = checkId(fourth!, 'version id');
    return { resourceType, id, versionId, interaction: allow(method, { GET: 'vread' }, `${resourceType}/${id}/_history/${versionId}`) };
  }
  throw notFound(`No FHIR interaction at ${path}`);
}
