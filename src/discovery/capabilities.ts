/**
 * What the authorization server supports, stated once: the SMART capabilities (SMART App
 * Launch 2.2 conformance, "Capabilities") and the protocol values the discovery documents
 * list. Each entry here works and is tested; nothing is advertised ahead of its code.
 */
import { ASSERTION_ALGORITHMS } from '../auth/client-auth/private-key-jwt.js';
import { GRANT_HANDLERS } from '../auth/token/endpoint.js';

export const SMART_CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'authorize-post',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'sso-openid-connect',
  'context-banner',
  'context-style',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'context-standalone-encounter',
  'permission-offline',
  'permission-online',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
] as const;

export const GRANT_TYPES: readonly string[] = Object.keys(GRANT_HANDLERS);
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export const TOKEN_ENDPOINT_AUTH_SIGNING_ALGS: readonly string[] = ASSERTION_ALGORITHMS;
export const CODE_CHALLENGE_METHODS = ['S256'] as const;
export const RESPONSE_TYPES = ['code'] as const;

export const SCOPES_SUPPORTED = [
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
  'patient/*.cruds',
  'patient/*.rs',
  'patient/*.read',
  'patient/*.write',
  'user/*.cruds',
  'user/*.rs',
  'user/*.read',
  'user/*.write',
  'system/*.cruds',
  'system/*.rs',
  'system/*.read',
  'system/*.write',
] as const;

export const CLAIMS_SUPPORTED = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'fhirUser'] as const;
