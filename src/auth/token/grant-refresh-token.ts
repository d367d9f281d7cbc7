/**
 * `grant_type=refresh_token` (RFC 6749 §6; SMART App Launch 2.2 "refresh"; contract §4):
 * the token must be live and belong to the client, which authenticates as it did for the
 * code (a public client may name itself or be named by the token). No `scope` keeps the
 * original grant; a subset narrows it; anything more is `invalid_scope`. The refresh token
 * is rotated: the old one stops working and a new one comes back.
 */
import type { SandboxContext } from '../../context.js';
import { isConfidential } from '../clients/types.js';
import { InvalidClientError, InvalidGrantError, InvalidRequestError, InvalidScopeError } from '../errors.js';
import { refreshScopeProblem } from '../scope-policy.js';
import type { GrantInput } from './grant-input.js';
import { emitDecodedTokens } from './decoded-tokens.js';
import { issueTokens, type TokenResponse } from './issue.js';

export async function refreshTokenGrant(ctx: SandboxContext, { params, authenticated, bases }: GrantInput): Promise<TokenResponse> {
  const token = params.get('refresh_token');
  if (!token) throw new InvalidRequestError('refresh_token is missing');
  const record = ctx.auth.refreshTokens.get(token);
  const grant = record ? ctx.auth.grants.get(record.grantId) : undefined;
  if (!record || !grant || record.revoked || grant.revoked || record.exp * 1000 <= ctx.clock.now()) {
    throw new InvalidGrantError('the refresh token is unknown, expired, revoked or already used');
  }
  const client = authenticated.client ?? ctx.auth.clients.resolve(record.clientId);
  if (!client) throw new InvalidGrantError('the refresh token belongs to a client that no longer exists');
  if (!authenticated.client && isConfidential(client)) {
    throw new InvalidClientError(`client '${client.clientId}' is confidential and must authenticate to refresh`);
  }
  if (client.clientId !== record.clientId) throw new InvalidGrantError('the refresh token was issued to another client');
  const asked = params.get('scope');
  const scope = asked === undefined ? grant.scope : [...new Set(asked.split(' ').filter(Boolean))];
  if (scope.length === 0) throw new InvalidScopeError('scope is empty; leave it out to keep the original grant');
  const problem = refreshScopeProblem(scope, grant.scope);
  if (problem) throw new InvalidScopeError(problem);
  record.revoked = true;
  const issued = await issueTokens(ctx, grant, scope, bases.issuer, { idToken: false });
  ctx.events.emit({
    type: 'auth.refresh',
    clientId: client.clientId,
    jti: issued.record.jti,
    scope,
    narrowed: scope.length < grant.scope.length || scope.some((s) => !grant.scope.includes(s)),
  });
  await emitDecodedTokens(ctx, client.clientId, issued.record.jti, issued.body);
  return issued.body;
}
