/**
 * `rest[0].security` of the CapabilityStatement: the SMART-on-FHIR service and the
 * `oauth-uris` extension, read by older clients that predate the well-known file (SMART App
 * Launch 2.2 conformance, "Declaring support ... in the CapabilityStatement"). Its URLs are
 * those of the well-known file, from the same route table.
 */
import type { SandboxContext } from '../context.js';
import { SMART_CAPABILITIES } from './capabilities.js';
import { authEndpoints } from './endpoints.js';

export const OAUTH_URIS_EXTENSION = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';
export const CAPABILITIES_EXTENSION = 'http://fhir-registry.smarthealthit.org/StructureDefinition/capabilities';

export function capabilitySecurity(ctx: SandboxContext, root: string): Record<string, unknown> | undefined {
  const e = authEndpoints(root, ctx.options);
  return {
    cors: true,
    service: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
        text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
      },
    ],
    extension: [
      {
        url: OAUTH_URIS_EXTENSION,
        extension: [
          { url: 'authorize', valueUri: e.authorization_endpoint },
          { url: 'token', valueUri: e.token_endpoint },
          { url: 'introspect', valueUri: e.introspection_endpoint },
          { url: 'revoke', valueUri: e.revocation_endpoint },
          ...(e.registration_endpoint === undefined ? [] : [{ url: 'register', valueUri: e.registration_endpoint }]),
        ],
      },
      ...SMART_CAPABILITIES.map((code) => ({ url: CAPABILITIES_EXTENSION, valueCode: code })),
    ],
    description: 'SMART App Launch 2.2: see .well-known/smart-configuration at the FHIR base.',
  };
}
