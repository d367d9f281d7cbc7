/**
 * `client_secret_basic` (RFC 6749 §2.3.1): HTTP Basic with the form-urlencoded client id
 * and secret. Every failure is `invalid_client` with `WWW-Authenticate`.
 */
import type { ClientRegistry } from '../clients/registry.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidClientError } from '../errors.js';
import { secretsEqual } from './secret.js';

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new InvalidClientError('the Basic credentials are not form-urlencoded', true);
  }
}

export function authenticateBasic(clients: ClientRegistry, header: string, bodyClientId: string | undefined): ClientRecord {
  const m = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new InvalidClientError('the Authorization header is not valid Basic credentials', true);
  const clientId = decode(decoded.slice(0, colon));
  const secret = decode(decoded.slice(colon + 1));
  if (bodyClientId !== undefined && bodyClientId !== clientId) throw new InvalidClientError('client_id differs from the Basic credentials', true);
  const client = clients.get(clientId);
  if (!client?.secret || !secretsEqual(secret, client.secret)) throw new InvalidClientError('unknown client or wrong client secret', true);
  return client;
}
