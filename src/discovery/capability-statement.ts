/**
 * The CapabilityStatement at `GET [base]/metadata` (R4 capabilitystatement.html): every
 * resource type, interaction and search parameter listed here really works.
 */
import { R4_RESOURCE_TYPES } from '../fhir/resource-types.js';
import { revIncludesByTarget, searchCapabilities, systemSearchParams, US_CORE_SERVER } from './search-capabilities.js';

export interface CapabilityInputs {
  base: string;
  date: string;
  version: string;
  /** `rest[0].security`, filled in by the authorization server. */
  security?: Record<string, unknown>;
  /** Writes refuse references that point nowhere (`referencePolicy` then lists `enforced`). */
  referentialIntegrity?: boolean;
  /** `supportedProfile` by type: the US Core profiles the data claims. */
  profiles?: ReadonlyMap<string, readonly string[]>;
}

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];

/** Operations this server implements (R4 operationslist.html), by the types they apply to. */
const VALIDATE = { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' };
const EVERYTHING = { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' };

export function capabilityStatement({ base, date, version, security, referentialIntegrity = true, profiles }: CapabilityInputs): Record<string, unknown> {
  const revIncludes = revIncludesByTarget();
  const resource = [...R4_RESOURCE_TYPES].sort().map((type) => {
    return {
      type,
      profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
      ...(profiles?.get(type)?.length ? { supportedProfile: [...profiles.get(type)!] } : {}),
      interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
      versioning: 'versioned-update',
      readHistory: true,
      updateCreate: true,
      conditionalCreate: true,
      // If-None-Match and If-Modified-Since on a read get 304 for the current version (R4 http.html, conditional read).
      conditionalRead: 'full-support',
      conditionalUpdate: true,
      conditionalDelete: 'single',
      referencePolicy: referentialIntegrity ? ['literal', 'enforced', 'local'] : ['literal', 'local'],
      ...searchCapabilities(type, revIncludes),
      operation: type === 'Patient' ? [EVERYTHING, VALIDATE] : [VALIDATE],
    };
  });
  const rest: Record<string, unknown> = {
    mode: 'server',
    documentation: 'mock-ehr: an in-memory FHIR R4 server behind a SMART App Launch 2.2 authorization server.',
  };
  if (security) rest.security = security;
  rest.resource = resource;
  rest.interaction = [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }, { code: 'history-system' }];
  rest.searchParam = systemSearchParams();
  return {
    resourceType: 'CapabilityStatement',
    id: 'mock-ehr',
    status: 'active',
    date,
    publisher: 'mock-ehr',
    kind: 'instance',
    instantiates: [US_CORE_SERVER],
    software: { name: 'mock-ehr', version },
    implementation: { description: 'mock-ehr SMART on FHIR sandbox', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [rest],
  };
}
