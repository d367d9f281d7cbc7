/**
 * Who calls introspection or revocation (RFC 7662 §2.1, RFC 7009 §2.1): a confidential
 * client must authenticate with its method, a public client identifies itself with
 * `client_id` (RFC 6749 §2.3), and a caller that does neither is refused with 401. A Bearer
 * header is not client authentication and is ignored.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../../context.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidClientError } from '../errors.js';
import type { FormParams } from '../http/form-params.js';
import { requestBases } from '../http/bases.js';
import { authenticateClient } from './authenticate.js';

export async function identifyCaller(ctx: SandboxContext, req: Request, params: FormParams): Promise<ClientRecord> {
  const { client } = await authenticateClient(ctx, req, params, requestBases(ctx, req).tokenUrl);
  if (!client) {
    throw new InvalidClientError(
      'identify the calling client: client_id for a public client, or client authentication (client_secret_basic, client_secret_post or private_key_jwt) for a confidential one',
      true,
    );
  }
  return client;
}
