/**
 * Simulated EHR faults, as a typed union per step: what a real EHR does to an app on a bad
 * day, each at the step where it happens and with the error the specifications prescribe
 * (RFC 6749 §4.1.2.1 for the authorize redirect, §5.2 for the token endpoint, RFC 6750 §3.1
 * and FHIR R4 http.html for the resource server).
 */
import type { Step } from './steps.js';

/** Who a fault applies to, and how often. */
export interface FaultTarget {
  /** Only for this `client_id`. */
  client?: string;
  /** Only within the flow of this EHR launch id (see `sb.createLaunch`). */
  launch?: string;
  /** How many times it happens before it is spent; default: until `sb.faults.clear()`. */
  times?: number;
  /** Added delay in milliseconds (real time) before the step answers. */
  latency?: number;
}

/**
 * The authorize step: the request goes back to the app's redirect_uri with this `error`
 * and the app's `state`, before any page is shown (RFC 6749 §4.1.2.1).
 */
export type AuthorizeFaultError = 'access_denied' | 'invalid_scope' | 'server_error' | 'temporarily_unavailable';

export interface AuthorizeFault extends FaultTarget {
  at: 'authorize';
  error?: AuthorizeFaultError;
  /** The redirect with the code comes back without `state`, or with another one. */
  state?: 'missing' | 'wrong';
}

/** The token endpoint: an OAuth error (RFC 6749 §5.2) or a server failure. */
export interface TokenFault extends FaultTarget {
  at: 'token';
  /** Only for this grant type (default: any). */
  grantType?: 'authorization_code' | 'refresh_token' | 'client_credentials';
  error?: 'invalid_grant' | 'invalid_client';
  status?: 500 | 503;
  /** Leaves members out of a successful response, e.g. `['patient']`. */
  omit?: ('patient' | 'encounter' | 'id_token' | 'refresh_token' | 'need_patient_banner' | 'smart_style_url' | 'scope')[];
  /** Signs the id_token with a key that is not in the JWKS. */
  idToken?: 'unknown-key';
}

/** The FHIR API (FHIR R4 http.html; RFC 6750 §3.1 for 401). The CapabilityStatement is never affected. */
export interface FhirFault extends FaultTarget {
  at: 'fhir';
  /**
   * 401 expires the token at once (`invalid_token`, it stays expired: refresh it); 429 and
   * 503 carry `Retry-After`.
   */
  status?: 401 | 403 | 404 | 410 | 429 | 500 | 503;
  /** Seconds in `Retry-After` (429 and 503); default 1. */
  retryAfter?: number;
  /** Only for this resource type. */
  resourceType?: string;
}

/** Any other step (discovery, JWKS, introspection, ...): unavailable, or slow. */
export interface OtherFault extends FaultTarget {
  at: Exclude<Step, 'authorize' | 'token' | 'fhir'>;
  status?: 500 | 503;
  retryAfter?: number;
}

export type Fault = AuthorizeFault | TokenFault | FhirFault | OtherFault;

/** One entry of the fault menu: a name to show and the fault it injects. */
export interface FaultPreset {
  id: string;
  label: string;
  fault: Fault;
}

/** Every fault a real EHR produces, ready to render as a menu (the launcher) or loop over (tests). */
export const FAULT_PRESETS: readonly FaultPreset[] = [
  { id: 'authorize-access-denied', label: 'Authorize: access_denied', fault: { at: 'authorize', error: 'access_denied' } },
  { id: 'authorize-invalid-scope', label: 'Authorize: invalid_scope', fault: { at: 'authorize', error: 'invalid_scope' } },
  { id: 'authorize-server-error', label: 'Authorize: server_error', fault: { at: 'authorize', error: 'server_error' } },
  { id: 'authorize-temporarily-unavailable', label: 'Authorize: temporarily_unavailable', fault: { at: 'authorize', error: 'temporarily_unavailable' } },
  { id: 'authorize-state-missing', label: 'Authorize: redirect without state', fault: { at: 'authorize', state: 'missing' } },
  { id: 'authorize-state-wrong', label: 'Authorize: redirect with a wrong state', fault: { at: 'authorize', state: 'wrong' } },
  { id: 'token-invalid-grant', label: 'Token: invalid_grant', fault: { at: 'token', error: 'invalid_grant' } },
  { id: 'token-invalid-client', label: 'Token: invalid_client', fault: { at: 'token', error: 'invalid_client' } },
  { id: 'token-500', label: 'Token: HTTP 500', fault: { at: 'token', status: 500 } },
  { id: 'token-503', label: 'Token: HTTP 503', fault: { at: 'token', status: 503 } },
  { id: 'token-no-patient', label: 'Token: response without patient', fault: { at: 'token', omit: ['patient'] } },
  { id: 'token-id-token-unknown-key', label: 'Token: id_token signed with an unknown key', fault: { at: 'token', idToken: 'unknown-key' } },
  { id: 'jwks-unavailable', label: 'JWKS unavailable (503)', fault: { at: 'jwks', status: 503 } },
  { id: 'fhir-401', label: 'FHIR: 401 invalid_token (token expired early)', fault: { at: 'fhir', status: 401 } },
  { id: 'fhir-403', label: 'FHIR: 403 Forbidden', fault: { at: 'fhir', status: 403 } },
  { id: 'fhir-404', label: 'FHIR: 404 Not Found', fault: { at: 'fhir', status: 404 } },
  { id: 'fhir-410', label: 'FHIR: 410 Gone', fault: { at: 'fhir', status: 410 } },
  { id: 'fhir-429', label: 'FHIR: 429 Too Many Requests (Retry-After)', fault: { at: 'fhir', status: 429 } },
  { id: 'fhir-500', label: 'FHIR: 500 Internal Server Error', fault: { at: 'fhir', status: 500 } },
  { id: 'fhir-503', label: 'FHIR: 503 Service Unavailable', fault: { at: 'fhir', status: 503 } },
  { id: 'token-slow', label: 'Token: 2 s latency', fault: { at: 'token', latency: 2000 } },
  { id: 'fhir-slow', label: 'FHIR: 1 s latency', fault: { at: 'fhir', latency: 1000 } },
];

/** The faults of the presets with these ids (unknown ids are skipped), e.g. from a launcher form's checkboxes. */
export function presetFaults(ids: Iterable<string>): Fault[] {
  const wanted = new Set(ids);
  return FAULT_PRESETS.filter((p) => wanted.has(p.id)).map((p) => ({ ...p.fault }));
}
