/**
 * SMART Backend Services in tests: the `client_credentials` token request signed with a demo
 * or given key, and a JWK Set served on loopback whose keys, headers and status a test can
 * change, counting the GETs it answers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_BACKEND_CLIENT_ID, DEMO_BACKEND_ES384, type PrivateJwk } from '../../src/index.js';
import { assertionFields, type AssertionOptions } from './client-assertion.js';
import { postForm, type TokenReply } from './flows.js';
import type { TestSandbox } from './sandbox.js';

export const BACKEND_CLIENT = DEMO_BACKEND_CLIENT_ID;

export interface BackendRequest {
  scope?: string | undefined;
  clientId?: string;
  key?: PrivateJwk;
  /** Changes to the assertion (aud defaults to the token URL). */
  assertion?: Partial<AssertionOptions>;
  /** Extra or overriding form fields; undefined removes one. */
  extra?: Record<string, string | undefined>;
}

/** POST grant_type=client_credentials with a fresh assertion. */
export async function backendToken(t: TestSandbox, req: BackendRequest = {}): Promise<TokenReply> {
  const tokenUrl = `${t.url}/auth/token`;
  const fields = await assertionFields({ clientId: req.clientId ?? BACKEND_CLIENT, key: req.key ?? DEMO_BACKEND_ES384, aud: tokenUrl, ...req.assertion });
  return postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'scope' in req ? req.scope : 'system/*.rs', ...fields, ...req.extra });
}

export interface JwksServer {
  url: string;
  /** What the next GETs answer. */
  keys: Record<string, unknown>[];
  headers: Record<string, string>;
  status: number;
  /** Request headers of every GET, oldest first. */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * A JWK Set on 127.0.0.1 at `/jwks.json` (any query string, so that tests can register distinct
 * URLs, each cached on its own), answering with `Cache-Control: max-age=60` unless told otherwise.
 */
export async function serveJwks(keys: Record<string, unknown>[], headers: Record<string, string> = { 'cache-control': 'max-age=60' }): Promise<JwksServer> {
  const state = { keys, headers, status: 200, requests: [] as IncomingHttpHeaders[] };
  const server: Server = createServer((req, res) => {
    state.requests.push(req.headers);
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(state.status, { 'content-type': 'application/json', ...state.headers }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  return Object.assign(state, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
