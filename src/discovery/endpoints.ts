/**
 * The authorization server's URLs for one sandbox root, built from the endpoint table, so
 * that the well-known files, the CapabilityStatement and the pages never disagree.
 */
import type { AuthOptions } from '../auth/options.js';
import { ENDPOINTS, type DiscoveryMember } from '../endpoints.js';
import { urlFor } from '../routes.js';

export type AuthEndpoints = { issuer: string; fhirBase: string } & Record<Exclude<DiscoveryMember, 'registration_endpoint'>, string> & {
  /** Absent while dynamic registration is closed, so no client is sent to an endpoint that refuses it. */
  registration_endpoint?: string;
};

/**
 * Dynamic registration (RFC 7591) is open unless strict mode closes it and no initial access
 * token is configured. RFC 8414 §2 makes `registration_endpoint` optional: it is published
 * only while a client could use it.
 */
export function registrationOpen(options: Pick<AuthOptions, 'strict' | 'registrationToken'>): boolean {
  return !options.strict || options.registrationToken !== undefined;
}

export function authEndpoints(root: string, options: Pick<AuthOptions, 'strict' | 'registrationToken'>): AuthEndpoints {
  const out: Record<string, string> = { issuer: root, fhirBase: urlFor(root, 'fhir') };
  for (const e of ENDPOINTS) if (e.discovery) out[e.discovery] = urlFor(root, e.route);
  if (!registrationOpen(options)) delete out.registration_endpoint;
  return out as AuthEndpoints;
}
