/**
 * The authorization server's URLs for one sandbox root, built from the endpoint table, so
 * that the well-known files, the CapabilityStatement and the pages never disagree.
 */
import { ENDPOINTS, type DiscoveryMember } from '../endpoints.js';
import { urlFor } from '../routes.js';

export type AuthEndpoints = { issuer: string; fhirBase: string } & Record<DiscoveryMember, string>;

export function authEndpoints(root: string): AuthEndpoints {
  const out: Record<string, string> = { issuer: root, fhirBase: urlFor(root, 'fhir') };
  for (const e of ENDPOINTS) if (e.discovery) out[e.discovery] = urlFor(root, e.route);
  return out as AuthEndpoints;
}
