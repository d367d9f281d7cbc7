/**
 * `GET {fhirBase}/.well-known/smart-configuration` (SMART App Launch 2.2 conformance;
 * contract §1): every URL absolute and built from the route table; S256 only; the
 * capabilities that work.
 */
import {
  CODE_CHALLENGE_METHODS,
  GRANT_TYPES,
  RESPONSE_TYPES,
  SCOPES_SUPPORTED,
  SMART_CAPABILITIES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
} from './capabilities.js';
import { authEndpoints } from './endpoints.js';
import type { AuthOptions } from '../auth/options.js';

export function smartConfiguration(root: string, options: Pick<AuthOptions, 'strict' | 'registrationToken'>): Record<string, unknown> {
  const e = authEndpoints(root, options);
  return {
    issuer: e.issuer,
    jwks_uri: e.jwks_uri,
    authorization_endpoint: e.authorization_endpoint,
    token_endpoint: e.token_endpoint,
    introspection_endpoint: e.introspection_endpoint,
    revocation_endpoint: e.revocation_endpoint,
    registration_endpoint: e.registration_endpoint,
    grant_types_supported: GRANT_TYPES,
    response_types_supported: RESPONSE_TYPES,
    code_challenge_methods_supported: CODE_CHALLENGE_METHODS,
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
    scopes_supported: SCOPES_SUPPORTED,
    capabilities: SMART_CAPABILITIES,
  };
}
