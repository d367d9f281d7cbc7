/**
 * `grant_type=client_credentials` (RFC 6749 §4.4; SMART App Launch 2.2 Backend Services;
 * contract §4): only a backend-service client, authenticated with a `private_key_jwt`
 * assertion. The `scope` must name `system/` scopes within what the client is pre-authorized
 * for; anything else is `invalid_scope` (refused, never narrowed). The token lives at most
 * five minutes, comes without refresh token, id_token or launch context, and works on the
 * FHIR API with `system/` semantics (every patient).
 */
import type { SandboxContext } from '../../context.js';
import { InvalidClientError, InvalidScopeError, UnauthorizedClientError } from '../errors.js';
import { randomToken } from '../random.js';
import { backendScopes } from '../scope-policy.js';
import type { Grant } from '../tokens/records.js';
import type { GrantInput } from './grant-input.js';
import { issueTokens, type TokenResponse } from './issue.js';

/** SMART Backend Services: `expires_in` "SHOULD NOT exceed 300". */
export const BACKEND_TOKEN_MAX_LIFETIME = 300;

export async function clientCredentialsGrant(ctx: SandboxContext, { params, authenticated, bases }: GrantInput): Promise<TokenResponse> {
  const client = authenticated.client;
  if (!client || authenticated.method === 'none') {
    // RFC 6749 §4.4: confidential clients only; §5.2: no client authentication is invalid_client.
    throw new InvalidClientError('client_credentials needs client authentication with a private_key_jwt client assertion (client_assertion_type and client_assertion)');
  }
  if (client.type !== 'backend-service') {
    // RFC 6749 §5.2: an authenticated client not authorized for this grant type.
    throw new UnauthorizedClientError(`client '${client.clientId}' is a ${client.type} client; only backend-service clients may use client_credentials`);
  }
  const asked = params.get('scope');
  if (asked === undefined) throw new InvalidScopeError('scope is missing; a backend service asks for system/ scopes, e.g. system/*.rs');
  const requested = [...new Set(asked.split(' ').filter(Boolean))];
  const { granted, refused } = backendScopes(requested, client.scope);
  if (refused.length > 0 || granted.length === 0) {
    const list = refused.map((r) => `${r.scope}: ${r.reason}`).join('; ');
    throw new InvalidScopeError(`${list || 'no scope requested'}. Client '${client.clientId}' is pre-authorized for ${client.scope.join(' ')}`);
  }
  const now = ctx.clock.now();
  const grant: Grant = {
    id: randomToken(16),
    clientId: client.clientId,
    scope: granted,
    context: {},
    fhirBase: bases.fhirBase,
    issuer: bases.issuer,
    launchType: 'backend',
    authTime: Math.floor(now / 1000),
    revoked: false,
  };
  const lifetime = Math.min(ctx.options.accessTokenLifetime, BACKEND_TOKEN_MAX_LIFETIME);
  const issued = await issueTokens(ctx, grant, granted, bases.issuer, { idToken: false, lifetime });
  ctx.events.emit({
    type: 'auth.token',
    clientId: client.clientId,
    grantType: 'client_credentials',
    authMethod: authenticated.method,
    jti: issued.record.jti,
    scope: granted,
    expiresIn: issued.body.expires_in,
    refreshToken: issued.body.refresh_token !== undefined,
    idToken: false,
  });
  return issued.body;
}
