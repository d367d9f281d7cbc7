/** The spec sections the inspector links each step to (SMART App Launch 2.2, RFCs, FHIR R4). */
const SMART = 'https://hl7.org/fhir/smart-app-launch/STU2.2';

export const SPEC = {
  discovery: { label: 'SMART App Launch 2.2: retrieve .well-known/smart-configuration', url: `${SMART}/app-launch.html#step-3-discovery` },
  jwks: { label: 'RFC 7517 §5: JWK Set', url: 'https://www.rfc-editor.org/rfc/rfc7517#section-5' },
  ehrLaunch: { label: 'SMART App Launch 2.2: EHR launch', url: `${SMART}/app-launch.html#step-2-launch-ehr` },
  authorize: { label: 'SMART App Launch 2.2: obtain authorization code', url: `${SMART}/app-launch.html#step-4-authorization-code` },
  scopes: { label: 'SMART App Launch 2.2: scopes and launch context', url: `${SMART}/scopes-and-launch-context.html` },
  code: { label: 'RFC 6749 §4.1.2: authorization response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' },
  token: { label: 'SMART App Launch 2.2: obtain access token', url: `${SMART}/app-launch.html#step-5-access-token` },
  pkce: { label: 'RFC 7636 §4.6: server verifies code_verifier', url: 'https://www.rfc-editor.org/rfc/rfc7636#section-4.6' },
  idToken: { label: 'SMART App Launch 2.2: scopes for requesting identity data', url: `${SMART}/scopes-and-launch-context.html#scopes-for-requesting-identity-data` },
  backend: { label: 'SMART App Launch 2.2: backend services', url: `${SMART}/backend-services.html` },
  refresh: { label: 'SMART App Launch 2.2: refresh access token', url: `${SMART}/app-launch.html#step-7-refresh` },
  fhir: { label: 'SMART App Launch 2.2: access FHIR API', url: `${SMART}/app-launch.html#step-6-fhir-api` },
  introspect: { label: 'SMART App Launch 2.2: token introspection', url: `${SMART}/token-introspection.html` },
  revoke: { label: 'RFC 7009 §2: token revocation', url: 'https://www.rfc-editor.org/rfc/rfc7009#section-2' },
  register: { label: 'RFC 7591 §3: client registration', url: 'https://www.rfc-editor.org/rfc/rfc7591#section-3' },
  error: { label: 'RFC 6749 §4.1.2.1: error response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1' },
  tokenError: { label: 'RFC 6749 §5.2: token error response', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-5.2' },
  csrf: { label: 'RFC 6749 §10.12: cross-site request forgery (state)', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.12' },
  idTokenValidation: { label: 'OpenID Connect Core 1.0 §3.1.3.7: ID token validation', url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation' },
  bearerError: { label: 'RFC 6750 §3.1: invalid_token', url: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1' },
  fhirHttp: { label: 'FHIR R4 RESTful API: HTTP status codes', url: 'https://hl7.org/fhir/R4/http.html#Status-Codes' },
} as const;

export type SpecLink = (typeof SPEC)[keyof typeof SPEC];
