/**
 * What the authorization server remembers: launches, codes, grants and tokens. Tokens are
 * JWTs for readability, but each one has a record here (by `jti`), which is what makes
 * introspection and revocation authoritative (RFC 7662, RFC 7009).
 */

/** The logged-in user, a FHIR resource (SMART App Launch 2.2, "fhirUser"). */
export interface UserRef {
  resourceType: 'Practitioner' | 'Patient' | 'RelatedPerson' | 'Person';
  id: string;
}

/** One `fhirContext` item, SMART 2.2 object form. */
export interface FhirContextItem {
  reference?: string;
  canonical?: string;
  identifier?: Record<string, unknown>;
  type?: string;
  role?: string;
}

/** The launch context returned beside an access token (SMART App Launch 2.2, "Launch context arrives with your access_token"). */
export interface LaunchContext {
  patient?: string;
  encounter?: string;
  fhirContext?: FhirContextItem[];
  needPatientBanner?: boolean;
  smartStyleUrl?: string;
  intent?: string;
}

/** An EHR launch made by the launcher page: `launch={id}` resolves to it. */
export interface LaunchRecord {
  id: string;
  clientId: string;
  user?: UserRef;
  context: LaunchContext;
  expiresAt: number;
  /** Pages this launch goes through without showing them (`sb.createLaunch`); consent then grants every offered scope. */
  skip?: { login?: boolean; patientPicker?: boolean; consent?: boolean };
}

/** What the user approved for a client (or a backend service was pre-authorized for): the root of the codes and tokens made from it. */
export interface Grant {
  id: string;
  clientId: string;
  /** The scopes originally granted: refresh may narrow, never widen (RFC 6749 §6). */
  scope: string[];
  context: LaunchContext;
  user?: UserRef;
  /** The FHIR base the grant is for (the `aud`), and the issuer URL, no trailing slash. */
  fhirBase: string;
  issuer: string;
  /** How the grant was made: an EHR or standalone launch, or a backend service's `client_credentials`. */
  launchType: 'ehr' | 'standalone' | 'backend';
  /** Seconds since the epoch. */
  authTime: number;
  nonce?: string;
  revoked: boolean;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  /** The grant the code will make; its id also names the tokens made from the code. */
  grant: Grant;
  expiresAt: number;
  used: boolean;
}

/** An access token as the FHIR API sees it. */
export interface AccessTokenRecord {
  jti: string;
  clientId: string;
  scope: string[];
  context: LaunchContext;
  /** Absolute URL of the user's resource, when a user logged in. */
  fhirUser?: string;
  user?: UserRef;
  /** `Practitioner`, `Patient`, ... or undefined for a client without a user. */
  userType?: UserRef['resourceType'];
  sub: string;
  iss: string;
  aud: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  grantId?: string;
  /** True once an id_token was issued with it (introspection then shows `fhirUser`). */
  idTokenIssued: boolean;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  grantId: string;
  clientId: string;
  iat: number;
  exp: number;
  revoked: boolean;
}

export const userReference = (user: UserRef): string => `${user.resourceType}/${user.id}`;
