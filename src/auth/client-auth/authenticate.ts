/**
 * Picks the client authentication method a request uses (exactly one, RFC 6749 §2.3),
 * runs it, and checks the method is the one the client's type uses: a confidential client
 * cannot pass as public, nor a public one present a secret.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../../context.js';
import { InvalidClientError, InvalidRequestError } from '../errors.js';
import type { FormParams } from '../http/form-params.js';
import { authenticateBasic } from './client-secret-basic.js';
import { authenticatePost } from './client-secret-post.js';
import { identifyPublic } from './none.js';
import { authenticatePrivateKeyJwt } from './private-key-jwt.js';
import { METHODS_BY_TYPE, type AuthenticatedClient, type AuthMethod } from './types.js';

export async function authenticateClient(
  ctx: SandboxContext,
  req: Request,
  params: FormParams,
  tokenUrl: string,
): Promise<AuthenticatedClient> {
  // Only the Basic scheme authenticates a client; a Bearer header (sent to introspection, say) does not.
  const header = req.get('authorization');
  const basic = header !== undefined && /^Basic\b/i.test(header.trim());
  const presented: AuthMethod[] = [];
  if (basic) presented.push('client_secret_basic');
  if (params.has('client_secret')) presented.push('client_secret_post');
  if (params.has('client_assertion') || params.has('client_assertion_type')) presented.push('private_key_jwt');
  if (presented.length > 1) throw new InvalidRequestError(`use one client authentication method, not ${presented.join(' and ')}`);
  const method = presented[0] ?? 'none';
  const clientId = params.get('client_id');
  const { auth } = ctx;
  let client;
  switch (method) {
    case 'client_secret_basic':
      client = authenticateBasic(auth.clients, header!, clientId);
      break;
    case 'client_secret_post':
      client = authenticatePost(auth.clients, clientId, params.get('client_secret')!);
      break;
    case 'private_key_jwt': {
      const assertion = params.get('client_assertion');
      if (!assertion) throw new InvalidClientError('client assertion: client_assertion is missing');
      client = await authenticatePrivateKeyJwt(auth, ctx.clock, assertion, params.get('client_assertion_type'), clientId, tokenUrl);
      break;
    }
    case 'none':
      client = identifyPublic(auth.clients, clientId);
  }
  if (client && !METHODS_BY_TYPE[client.type].includes(method)) {
    const expected = METHODS_BY_TYPE[client.type].join(' or ');
    throw new InvalidClientError(
      method === 'none' ? `client '${client.clientId}' is confidential and must authenticate (${expected})` : `client '${client.clientId}' must authenticate with ${expected}, not ${method}`,
      method === 'client_secret_basic',
    );
  }
  return client ? { client, method } : { method };
}
