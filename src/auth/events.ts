/**
 * The flow events of the authorization server: one per step of a launch, each with the
 * client id and what was decided. They never carry a secret, a code or a token value.
 */
export type AuthEndpoint = 'authorize' | 'interaction' | 'token' | 'introspect' | 'revoke' | 'register' | 'launch';

export interface DiscoveryEvent {
  type: 'discovery';
  document: 'smart-configuration' | 'openid-configuration' | 'jwks';
}

export interface AuthLaunchEvent {
  type: 'auth.launch';
  clientId: string;
  user?: string;
  patient?: string;
  encounter?: string;
  launchUrl: string;
}

export interface AuthAuthorizeEvent {
  type: 'auth.authorize';
  clientId: string;
  launchType: 'ehr' | 'standalone';
  /** True when the client id was unknown and accepted by the permissive default. */
  permissive: boolean;
  requested: string[];
  offered: string[];
  rejected: { scope: string; reason: string }[];
  pkce: boolean;
}

export interface AuthLoginEvent {
  type: 'auth.login';
  clientId: string;
  user: string;
}

export interface AuthPatientSelectedEvent {
  type: 'auth.patient-selected';
  clientId: string;
  patient: string;
  /** True when the user could act for this one patient only, so no picker was shown. */
  automatic: boolean;
}

export interface AuthEncounterSelectedEvent {
  type: 'auth.encounter-selected';
  clientId: string;
  patient: string;
  encounter?: string;
}

export interface AuthConsentEvent {
  type: 'auth.consent';
  clientId: string;
  decision: 'allow' | 'deny';
  granted: string[];
  declined: string[];
}

export interface AuthCodeEvent {
  type: 'auth.code';
  clientId: string;
  redirectUri: string;
  scope: string[];
  patient?: string;
  encounter?: string;
  user?: string;
}

/** Tokens issued for a code, or to a backend service (refreshes are `auth.refresh`). */
export interface AuthTokenEvent {
  type: 'auth.token';
  clientId: string;
  /** `api`: minted by `sb.issueToken()`, without a request. */
  grantType: 'authorization_code' | 'client_credentials' | 'api';
  /** `none`, `client_secret_basic`, `client_secret_post` or `private_key_jwt`. */
  authMethod: string;
  jti: string;
  scope: string[];
  expiresIn: number;
  refreshToken: boolean;
  idToken: boolean;
  patient?: string;
  encounter?: string;
  user?: string;
}

/**
 * The PKCE check at the token endpoint (RFC 7636 §4.6): the challenge of the authorization
 * request beside BASE64URL(SHA256(code_verifier)). Neither is a secret once the code is spent.
 */
export interface AuthPkceEvent {
  type: 'auth.pkce';
  clientId: string;
  method: 'S256';
  challenge: string;
  /** BASE64URL(SHA256(code_verifier)); absent when no verifier was sent. */
  hashedVerifier?: string;
  ok: boolean;
}

/** A signed token as the inspector shows it: decoded, never the token itself. */
export interface DecodedJwt {
  kind: 'access_token' | 'id_token';
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The signature checked against the sandbox's published JWKS. */
  signature: { verified: boolean; kid?: string; detail: string };
}

/** The tokens just issued (for a code or a refresh), decoded and their signatures checked. */
export interface AuthTokensDecodedEvent {
  type: 'auth.tokens-decoded';
  clientId: string;
  jti: string;
  tokens: DecodedJwt[];
}

export interface AuthRefreshEvent {
  type: 'auth.refresh';
  clientId: string;
  jti: string;
  scope: string[];
  /** True when the app asked for fewer scopes than the original grant. */
  narrowed: boolean;
}

export interface AuthIntrospectEvent {
  type: 'auth.introspect';
  clientId?: string;
  active: boolean;
  tokenType?: 'access_token' | 'refresh_token';
}

export interface AuthRevokeEvent {
  type: 'auth.revoke';
  clientId?: string;
  tokenType?: 'access_token' | 'refresh_token';
  revoked: boolean;
}

export interface AuthRegisterEvent {
  type: 'auth.register';
  clientId: string;
  clientType: string;
}

export interface AuthErrorEvent {
  type: 'auth.error';
  endpoint: AuthEndpoint;
  clientId?: string;
  error: string;
  description: string;
  /** What the server knows beyond the description (why a key set could not be fetched, say); never sent to the client. */
  detail?: string;
  /** True when the error went back to the app's redirect_uri; false when a page or JSON showed it. */
  redirected: boolean;
}

export type AuthEvent =
  | DiscoveryEvent
  | AuthLaunchEvent
  | AuthAuthorizeEvent
  | AuthLoginEvent
  | AuthPatientSelectedEvent
  | AuthEncounterSelectedEvent
  | AuthConsentEvent
  | AuthCodeEvent
  | AuthTokenEvent
  | AuthPkceEvent
  | AuthTokensDecodedEvent
  | AuthRefreshEvent
  | AuthIntrospectEvent
  | AuthRevokeEvent
  | AuthRegisterEvent
  | AuthErrorEvent;
