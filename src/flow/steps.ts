/**
 * The named steps of a SMART flow, where hooks run: each OAuth endpoint, each discovery
 * document, and the FHIR API. Faults, latency and flow events attach to these names.
 */
export const STEPS = [
  'smart-configuration',
  'openid-configuration',
  'jwks',
  'launch',
  'authorize',
  'interaction',
  'token',
  'introspect',
  'revoke',
  'register',
  'fhir',
] as const;

export type Step = (typeof STEPS)[number];
