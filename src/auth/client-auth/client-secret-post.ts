/** `client_secret_post` (RFC 6749 §2.3.1): `client_id` and `client_secret` in the form body. */
import type { ClientRegistry } from '../clients/registry.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidClientError } from '../errors.js';
import { secretsEqual } from './secret.js';

export function authenticatePost(clients: ClientRegistry, clientId: string | undefined, secret: string): ClientRecord {
  if (!clientId) throw new InvalidClientError('client_secret is sent without client_id');
  const client = clients.get(clientId);
  if (!client?.secret || !secretsEqual(secret, client.secret)) throw new InvalidClientError('unknown client or wrong client secret');
  return client;
}
