/**
 * The clients one sandbox knows: demo, configured and registered ones, plus the permissive
 * default (unless `strict`): an unknown client id is accepted as a public client that may
 * only use loopback redirect URIs, and the consent page says so.
 */
import { demoClients } from './demo-clients.js';
import { DEFAULT_USER_SCOPES, type ClientRecord } from './types.js';

export interface ClientRegistry {
  /** A demo, configured or registered client. */
  get(clientId: string): ClientRecord | undefined;
  /** `get`, or else (when not strict) a permissive public client with that id. */
  resolve(clientId: string): ClientRecord | undefined;
  /** Adds or replaces a client (registration, `sb.clients.add`). */
  add(client: ClientRecord): void;
  remove(clientId: string): boolean;
  list(): ClientRecord[];
  /** Forgets registered and added clients; keeps demo and configured ones. */
  reset(): void;
}

export function permissiveClient(clientId: string): ClientRecord {
  return {
    clientId,
    name: clientId,
    type: 'public',
    redirectUris: [],
    loopbackRedirects: true,
    scope: [...DEFAULT_USER_SCOPES],
    origin: 'permissive',
  };
}

export function createClientRegistry(configured: readonly ClientRecord[], strict: boolean): ClientRegistry {
  const initial = (): Map<string, ClientRecord> => new Map([...demoClients(), ...configured].map((c) => [c.clientId, c]));
  let clients = initial();
  return {
    get: (clientId) => clients.get(clientId),
    resolve: (clientId) => clients.get(clientId) ?? (strict || !clientId ? undefined : permissiveClient(clientId)),
    add(client) {
      clients.set(client.clientId, client);
    },
    remove: (clientId) => clients.delete(clientId),
    list: () => [...clients.values()],
    reset() {
      clients = initial();
    },
  };
}
