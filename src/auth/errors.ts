/**
 * OAuth 2.0 errors: one class per error code (RFC 6749 §4.1.2.1 and §5.2, RFC 7591 §3.2.2),
 * each with its HTTP status. Serialized in one place (`http/send-oauth-error.ts`), which
 * never shows anything but the code and the description written here.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_token';

export abstract class OAuthError extends Error {
  abstract readonly code: OAuthErrorCode;
  /** HTTP status when the error is sent as JSON (token, introspection, revocation, registration). */
  readonly status: number = 400;
  /** What the server knows beyond `description`, for its events and log only; never sent to the client. */
  detail?: string;
  constructor(readonly description: string) {
    super(description);
    this.name = new.target.name;
  }
}

/** A missing, repeated or malformed parameter (RFC 6749 §5.2). */
export class InvalidRequestError extends OAuthError {
  readonly code = 'invalid_request';
}

/** Client authentication failed (RFC 6749 §5.2): 401. */
export class InvalidClientError extends OAuthError {
  readonly code = 'invalid_client';
  override readonly status = 401;
  /** True when the client tried the `Authorization` header: the reply then carries `WWW-Authenticate`. */
  constructor(description: string, readonly usedAuthorizationHeader = false) {
    super(description);
  }
}

/** A bad, expired, used or foreign code or refresh token, or a failed PKCE check (RFC 6749 §5.2). */
export class InvalidGrantError extends OAuthError {
  readonly code = 'invalid_grant';
}

export class UnauthorizedClientError extends OAuthError {
  readonly code = 'unauthorized_client';
}

export class UnsupportedGrantTypeError extends OAuthError {
  readonly code = 'unsupported_grant_type';
}

export class UnsupportedResponseTypeError extends OAuthError {
  readonly code = 'unsupported_response_type';
}

export class InvalidScopeError extends OAuthError {
  readonly code = 'invalid_scope';
}

export class AccessDeniedError extends OAuthError {
  readonly code = 'access_denied';
  override readonly status = 403;
}

/** Anything unexpected; its description is always the same plain sentence. */
export class ServerError extends OAuthError {
  readonly code = 'server_error';
  override readonly status = 500;
  constructor() {
    super('The authorization server could not complete the request.');
  }
}

/** RFC 7591 §3.2.2. */
export class InvalidRedirectUriError extends OAuthError {
  readonly code = 'invalid_redirect_uri';
}

/** RFC 7591 §3.2.2. */
export class InvalidClientMetadataError extends OAuthError {
  readonly code = 'invalid_client_metadata';
}

/** A missing or wrong Bearer token where one is required (RFC 6750 §3.1): 401. */
export class InvalidTokenError extends OAuthError {
  readonly code = 'invalid_token';
  override readonly status = 401;
}

/** Any thrown value as an OAuthError: unknown errors become a plain `server_error`. */
export function toOAuthError(error: unknown): OAuthError {
  return error instanceof OAuthError ? error : new ServerError();
}
