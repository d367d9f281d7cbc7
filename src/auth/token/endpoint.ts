/**
 * The token endpoint (RFC 6749 §3.2 and §5; contract §4): a form POST; the grant type is
 * checked, the client authenticated, the grant run. Every reply, success or error, carries
 * `Cache-Control: no-store` and `Pragma: no-cache`; errors are JSON, never 403.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { authenticateClient } from '../client-auth/authenticate.js';
import { InvalidRequestError, UnsupportedGrantTypeError } from '../errors.js';
import { requestBases } from '../http/bases.js';
import { formParams } from '../http/form-params.js';
import { describeFailure, noStore, sendOAuthError } from '../http/send-oauth-error.js';
import { authorizationCodeGrant } from './grant-authorization-code.js';
import { clientCredentialsGrant } from './grant-client-credentials.js';
import type { GrantInput } from './grant-input.js';
import { refreshTokenGrant } from './grant-refresh-token.js';
import type { TokenResponse } from './issue.js';

type GrantHandler = (ctx: SandboxContext, input: GrantInput) => Promise<TokenResponse>;

/** The grant types this server supports; discovery lists exactly these keys. */
export const GRANT_HANDLERS: Readonly<Record<string, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

export async function token(ctx: SandboxContext, req: Request, res: Response): Promise<void> {
  noStore(res);
  let clientId: string | undefined;
  try {
    const params = formParams(req);
    clientId = params.get('client_id');
    const grantType = params.get('grant_type');
    if (!grantType) throw new InvalidRequestError('grant_type is missing');
    const handler = Object.hasOwn(GRANT_HANDLERS, grantType) ? GRANT_HANDLERS[grantType] : undefined;
    if (!handler) throw new UnsupportedGrantTypeError(`grant_type '${grantType}' is not supported; use ${Object.keys(GRANT_HANDLERS).join(' or ')}`);
    const bases = requestBases(ctx, req);
    const authenticated = await authenticateClient(ctx, req, params, bases.tokenUrl);
    clientId = authenticated.client?.clientId ?? clientId;
    res.status(200).json(await handler(ctx, { params, authenticated, bases }));
  } catch (error) {
    const oauth = describeFailure(error, 'token');
    ctx.events.emit({ type: 'auth.error', endpoint: 'token', clientId, error: oauth.code, description: oauth.description, ...(oauth.detail ? { detail: oauth.detail } : {}), redirected: false });
    sendOAuthError(res, oauth);
  }
}
