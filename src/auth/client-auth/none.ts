/**
 * Public clients (RFC 6749 §2.3 and §3.2.1; SMART "client-public"): identified by
 * `client_id`, which may be absent on refresh (the refresh token names its client).
 */
import type { ClientRegistry } from '../clients/registry.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidClientError } from '../errors.js';

export function identifyPublic(clients: ClientRegistry, clientId: string | undefined): ClientRecord | undefined {
  if (!clientId) return undefined;
  const client = clients.resolve(clientId);
  if (!client) throw new InvalidClientError(`unknown client '${clientId}'`);
  return client;
}
