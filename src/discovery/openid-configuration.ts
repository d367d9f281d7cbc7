/**
 * `GET {issuer}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §3;
 * contract §1): the issuer equals the id_token `iss`; id_tokens are signed with RS256.
 */
import {
  CLAIMS_SUPPORTED,
  CODE_CHALLENGE_METHODS,
  GRANT_TYPES,
  RESPONSE_TYPES,
  SCOPES_SUPPORTED,
  TOKEN_ENDPOINT_AUTH_METHODS,
  TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
} from './capabilities.js';
import { authEndpoints } from './endpoints.js';
import type { AuthOptions } from '../auth/options.js';

export function openidConfiguration(root: string, options: Pick<AuthOptions, 'strict' | 'registrationToken'>): Record<string, unknown> {
  const e = authEndpoints(root, options);
  return {
    issuer: e.issuer,
    authorization_endpoint: e.authorization_endpoint,
    token_endpoint: e.token_endpoint,
    jwks_uri: e.jwks_uri,
    introspection_endpoint: e.introspection_endpoint,
    revocation_endpoint: e.revocation_endpoint,
    registration_endpoint: e.registration_endpoint,
    response_types_supported: RESPONSE_TYPES,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    grant_types_supported: GRANT_TYPES,
    code_challenge_methods_supported: CODE_CHALLENGE_METHODS,
    token_endpoint_auth_methods_supported: TOKEN_ENDPOINT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: TOKEN_ENDPOINT_AUTH_SIGNING_ALGS,
    scopes_supported: SCOPES_SUPPORTED,
    claims_supported: CLAIMS_SUPPORTED,
  };
}
