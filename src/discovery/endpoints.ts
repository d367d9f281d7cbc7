/**
 * The authorization server's URLs for one sandbox root, built from the route table, so
 * that the well-known files, the CapabilityStatement and the pages never disagree.
 */
import { urlFor } from '../routes.js';

export interface AuthEndpoints {
  issuer: string;
  fhirBase: string;
  authorization_endpoint: string;
  token_endpoint: string;
  introspection_endpoint: string;
  revocation_endpoint: string;
  registration_endpoint: string;
  jwks_uri: string;
  smart_style_url: string;
}

export function authEndpoints(root: string): AuthEndpoints {
  return {
    issuer: root,
    fhirBase: urlFor(root, 'fhir'),
    authorization_endpoint: urlFor(root, 'authorize'),
    token_endpoint: urlFor(root, 'token'),
    introspection_endpoint: urlFor(root, 'introspect'),
    revocation_endpoint: urlFor(root, 'revoke'),
    registration_endpoint: urlFor(root, 'register'),
    jwks_uri: urlFor(root, 'jwks'),
    smart_style_url: urlFor(root, 'smartStyle'),
  };
}
