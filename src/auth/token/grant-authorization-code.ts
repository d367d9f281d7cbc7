/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3; RFC 7636 §4.5-4.6; contract §4): the
 * code is single-use, unexpired, bound to this client and redirect_uri, and the PKCE
 * verifier matches. A second use fails and revokes the tokens made from the first.
 */
import type { SandboxContext } from '../../context.js';
import { InvalidClientError, InvalidGrantError, InvalidRequestError, UnauthorizedClientError } from '../errors.js';
import { revokeGrant } from '../tokens/revoke-grant.js';
import { userReference } from '../tokens/records.js';
import { issueTokens, type TokenResponse } from './issue.js';
import { emitDecodedTokens } from './decoded-tokens.js';
import { pkceFailure, s256 } from './pkce.js';
import type { GrantInput } from './grant-input.js';

export async function authorizationCodeGrant(ctx: SandboxContext, { params, authenticated, bases }: GrantInput): Promise<TokenResponse> {
  const code = params.get('code');
  if (!code) throw new InvalidRequestError('code is missing');
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) throw new InvalidRequestError('redirect_uri is missing');
  const client = authenticated.client;
  if (!client) throw new InvalidClientError('client_id is missing; a public client sends its client_id');
  if (client.type === 'backend-service') throw new UnauthorizedClientError('a backend service cannot use the authorization_code grant');
  const record = ctx.auth.codes.get(code);
  if (!record || (!record.used && record.expiresAt <= ctx.clock.now())) throw new InvalidGrantError('the code is unknown or expired');
  // Binding first: a request that cannot prove it is the code's client (another client, another
  // redirect_uri, a wrong verifier) changes nothing, so it can neither spend the code nor revoke
  // the tokens of the app that owns it.
  if (record.clientId !== client.clientId) throw new InvalidGrantError('the code was issued to another client');
  if (record.redirectUri !== redirectUri) throw new InvalidGrantError('redirect_uri differs from the one of the authorization request');
  const verifier = params.get('code_verifier');
  const pkce = pkceFailure(record.codeChallenge, verifier);
  if (record.codeChallenge !== undefined) {
    const hashed = verifier === undefined ? {} : { hashedVerifier: s256(verifier) };
    ctx.events.emit({ type: 'auth.pkce', clientId: client.clientId, method: 'S256', challenge: record.codeChallenge, ...hashed, ok: !pkce });
  }
  if (pkce) throw new InvalidGrantError(pkce);
  if (record.used) {
    revokeGrant(ctx.auth, record.grant.id);
    throw new InvalidGrantError('the code was already used; the tokens issued for it are revoked');
  }
  record.used = true;
  const keepUntil = ctx.clock.now() + Math.max(ctx.options.accessTokenLifetime, ctx.options.refreshTokenLifetime) * 1000;
  ctx.auth.codes.set(code, record, keepUntil);
  const { grant } = record;
  const issued = await issueTokens(ctx, grant, grant.scope, bases.issuer, { idToken: true });
  ctx.events.emit({
    type: 'auth.token',
    clientId: client.clientId,
    grantType: 'authorization_code',
    authMethod: authenticated.method,
    jti: issued.record.jti,
    scope: grant.scope,
    expiresIn: issued.body.expires_in,
    refreshToken: issued.body.refresh_token !== undefined,
    idToken: issued.body.id_token !== undefined,
    ...(grant.context.patient ? { patient: grant.context.patient } : {}),
    ...(grant.context.encounter ? { encounter: grant.context.encounter } : {}),
    ...(grant.user ? { user: userReference(grant.user) } : {}),
  });
  await emitDecodedTokens(ctx, client.clientId, issued.record.jti, issued.body);
  return issued.body;
}
