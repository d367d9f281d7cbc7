/**
 * Clients of the authorization server (RFC 6749 §2.1; SMART App Launch 2.2 "client-public",
 * "client-confidential-symmetric", "client-confidential-asymmetric", backend services).
 */
import type { Fault } from '../../flow/fault-types.js';
import type { PrivateJwk } from './demo-keys.js';

export type ClientType = 'public' | 'confidential-symmetric' | 'confidential-asymmetric' | 'backend-service';

/** Where a client comes from: built in, the `clients` option, RFC 7591 registration, or the permissive default. */
export type ClientOrigin = 'demo' | 'configured' | 'registered' | 'permissive';

export interface JsonWebKeySet {
  keys: Record<string, unknown>[];
}

/** A client as the `clients` option (or a clients file) describes it. */
export interface ClientConfig {
  clientId: string;
  type: ClientType;
  /** Display name on the consent page; default the client id. */
  name?: string;
  /** `confidential-symmetric` only: the client secret. */
  secret?: string;
  /** Asymmetric and backend clients: public keys, inline... (one of `jwks` and `jwksUri`, RFC 7591 §2) */
  jwks?: JsonWebKeySet;
  /** ...or by URL. */
  jwksUri?: string;
  /** Exact redirect URIs (every type but `backend-service`). */
  redirectUris?: string[];
  /** The app's launch URL, offered by the EHR launcher. */
  launchUri?: string;
  /** Scopes the client may be granted (space-separated or a list); default: every user-facing scope. */
  scope?: string | string[];
  /**
   * Simulated EHR faults for this client's requests only: fault objects (as `sb.faults.inject`
   * takes them, without `client` or `launch`) or preset ids from `FAULT_PRESETS`, e.g. `"fhir-503"`.
   */
  faults?: (Fault | string)[];
}

export interface ClientRecord {
  clientId: string;
  name: string;
  type: ClientType;
  secret?: string;
  jwks?: JsonWebKeySet;
  jwksUri?: string;
  /**
   * Built-in demo clients only: the private halves of `jwks`, public on purpose so that an
   * app or a backend service under test can sign its client assertions with them.
   */
  privateJwks?: { keys: PrivateJwk[] };
  redirectUris: string[];
  /** Demo and permissive clients accept any loopback redirect URI besides their own list. */
  loopbackRedirects: boolean;
  launchUri?: string;
  /** Allowed scopes, the `allowed` side of scope negotiation. */
  scope: string[];
  origin: ClientOrigin;
  /** The client's own faults (presets resolved), injected when the client is added and again on `reset()`. */
  faults?: Fault[];
}

/** What a user-facing client may ask for unless configured otherwise. */
export const DEFAULT_USER_SCOPES: readonly string[] = [
  'launch',
  'launch/patient',
  'launch/encounter',
  'openid',
  'fhirUser',
  'profile',
  'offline_access',
  'online_access',
  'patient/*.cruds',
  'user/*.cruds',
];

/** What a backend service may ask for unless configured otherwise. */
export const DEFAULT_SYSTEM_SCOPES: readonly string[] = ['system/*.rs'];

/** True for the types that authenticate at the token endpoint. */
export function isConfidential(client: ClientRecord): boolean {
  return client.type !== 'public';
}
