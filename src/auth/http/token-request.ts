/**
 * The shared shape of introspection (RFC 7662 §2.1) and revocation (RFC 7009 §2.1): a form
 * POST with `token`, from an identified client (a confidential one authenticated). Failures
 * are OAuth errors, JSON and `no-store`, each also an `auth.error` event.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { identifyCaller } from '../client-auth/caller.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidRequestError } from '../errors.js';
import { formParams } from './form-params.js';
import { describeFailure, noStore, sendOAuthError } from './send-oauth-error.js';

export async function handleTokenRequest(
  ctx: SandboxContext,
  req: Request,
  res: Response,
  endpoint: 'introspect' | 'revoke',
  answer: (token: string, caller: ClientRecord) => void,
): Promise<void> {
  noStore(res);
  let clientId: string | undefined;
  try {
    const params = formParams(req);
    clientId = params.get('client_id');
    const caller = await identifyCaller(ctx, req, params);
    clientId = caller.clientId;
    const token = params.get('token');
    if (!token) throw new InvalidRequestError('token is missing');
    answer(token, caller);
  } catch (error) {
    const oauth = describeFailure(error, endpoint === 'introspect' ? 'introspection' : 'revocation');
    ctx.events.emit({ type: 'auth.error', endpoint, clientId, error: oauth.code, description: oauth.description, ...(oauth.detail ? { detail: oauth.detail } : {}), redirected: false });
    sendOAuthError(res, oauth);
  }
}
