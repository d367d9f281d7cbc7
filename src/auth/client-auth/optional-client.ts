/**
 * Client authentication where it is allowed but not required (introspection RFC 7662 §2.1,
 * revocation RFC 7009 §2.1, in this sandbox): a caller that offers credentials must pass;
 * one that offers none is identified by its `client_id`, if any. A Bearer header is not
 * client authentication and is ignored here.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../../context.js';
import type { FormParams } from '../http/form-params.js';
import { requestBases } from '../http/bases.js';
import { authenticateClient } from './authenticate.js';

export async function optionalClient(ctx: SandboxContext, req: Request, params: FormParams): Promise<string | undefined> {
  if (!/^Basic\b/i.test(req.get('authorization')?.trim() ?? '') && !params.has('client_secret') && !params.has('client_assertion')) return params.get('client_id');
  const { client } = await authenticateClient(ctx, req, params, requestBases(ctx, req).tokenUrl);
  return client?.clientId;
}
