/**
 * Phase one of the authorize endpoint (RFC 6749 §4.1.2.1; contract §3): the client must be
 * known (or accepted by the permissive default) and the redirect_uri allowed for it. Until
 * both hold nothing is redirected: the failure is shown on an error page.
 */
import type { ClientRegistry } from '../clients/registry.js';
import { redirectUriAllowed } from '../clients/redirect-uri.js';
import type { ClientRecord } from '../clients/types.js';
import type { AuthorizeParams } from './params.js';

export interface VerifiedTarget {
  client: ClientRecord;
  redirectUri: string;
}

/** Why the request cannot be answered with a redirect. */
export class UnverifiedTargetError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'unauthorized_client',
    readonly description: string,
    readonly clientId?: string,
  ) {
    super(description);
  }
}

export function verifyClientAndRedirect(clients: ClientRegistry, params: AuthorizeParams, strict: boolean, maxLength: number): VerifiedTarget {
  const clientId = params.get('client_id');
  if (!clientId) throw new UnverifiedTargetError('invalid_request', 'The request has no client_id.');
  const long = params.oversized(maxLength).filter((name) => name === 'client_id' || name === 'redirect_uri');
  if (long.length > 0) throw new UnverifiedTargetError('invalid_request', `${long.join(' and ')} is longer than ${maxLength} characters.`);
  if (params.repeated.includes('client_id')) throw new UnverifiedTargetError('invalid_request', 'client_id is sent more than once.', clientId);
  const client = clients.resolve(clientId);
  if (!client) {
    const why = strict ? ' The sandbox runs in strict mode, so unknown clients are refused; register the client first.' : '';
    throw new UnverifiedTargetError('invalid_client', `The client '${clientId}' is not registered.${why}`, clientId);
  }
  if (client.type === 'backend-service') {
    throw new UnverifiedTargetError('unauthorized_client', `The client '${clientId}' is a backend service and cannot use the authorize endpoint.`, clientId);
  }
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) throw new UnverifiedTargetError('invalid_request', 'The request has no redirect_uri.', clientId);
  if (params.repeated.includes('redirect_uri')) throw new UnverifiedTargetError('invalid_request', 'redirect_uri is sent more than once.', clientId);
  if (!redirectUriAllowed(client, redirectUri)) {
    const rule =
      client.origin === 'permissive' || client.origin === 'demo'
        ? 'this client may only use loopback redirect URIs (http://localhost, 127.0.0.1 or [::1], any port)'
        : 'it must equal one of the registered redirect URIs exactly';
    throw new UnverifiedTargetError('invalid_request', `The redirect_uri '${redirectUri}' is not allowed for client '${clientId}': ${rule}.`, clientId);
  }
  return { client, redirectUri };
}
