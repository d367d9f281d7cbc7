/**
 * The CapabilityStatement at `GET [base]/metadata` (R4 capabilitystatement.html): every
 * resource type, interaction and search parameter listed here really works.
 */
import { R4_RESOURCE_TYPES } from '../fhir/resource-types.js';
import { searchParametersFor } from '../fhir/search/index.js';

export interface CapabilityInputs {
  base: string;
  date: string;
  version: string;
  /** `rest[0].security`, filled in by the authorization server. */
  security?: Record<string, unknown>;
  /** `rest.resource.supportedProfile` by type: the profiles the data claims. */
  supportedProfiles?: ReadonlyMap<string, readonly string[]>;
}

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];

export function capabilityStatement({ base, date, version, security, supportedProfiles }: CapabilityInputs): Record<string, unknown> {
  const resource = [...R4_RESOURCE_TYPES].sort().map((type) => {
    const params = searchParametersFor(type);
    return {
      type,
      profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
      ...(supportedProfiles?.has(type) ? { supportedProfile: supportedProfiles.get(type) } : {}),
      interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
      versioning: 'versioned-update',
      readHistory: true,
      updateCreate: true,
      conditionalCreate: false,
      conditionalUpdate: false,
      conditionalDelete: 'not-supported',
      ...(params.length > 0
        ? {
            searchInclude: params.filter((p) => p.kind === 'reference').map((p) => `${type}:${p.name}`),
            searchParam: params.map((p) => ({ name: p.name, type: p.kind, documentation: p.description })),
          }
        : {}),
    };
  });
  const rest: Record<string, unknown> = {
    mode: 'server',
    documentation: 'mock-ehr: an in-memory FHIR R4 server behind a SMART App Launch 2.2 authorization server.',
  };
  if (security) rest.security = security;
  rest.resource = resource;
  rest.interaction = [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }];
  return {
    resourceType: 'CapabilityStatement',
    id: 'mock-ehr',
    status: 'active',
    date,
    publisher: 'mock-ehr',
    kind: 'instance',
    software: { name: 'mock-ehr', version },
    implementation: { description: 'mock-ehr SMART on FHIR sandbox', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [rest],
  };
}
