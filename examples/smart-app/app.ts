/**
 * A small SMART on FHIR app (server side, Node), written with fhirclient the way a real one
 * is: EHR launch at `/launch`, standalone launch at `/standalone?iss=...`, the redirect at
 * `/callback`, and a patient summary at `/`. It checks what a careful app checks: the
 * id_token's signature against the EHR's JWKS, a patient in context, and it refreshes the
 * access token once when the FHIR server answers 401.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import smart from 'fhirclient';
import { createRemoteJWKSet, jwtVerify } from 'jose';

type Client = Awaited<ReturnType<ReturnType<typeof smart>['ready']>>;

export interface AppOptions {
  clientId: string;
  scope?: string;
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** What `/` answers: the patient in context and their latest observations. */
export interface Summary {
  patient: { id: string; name: string; birthDate?: string };
  observations: number;
  user?: string;
}

class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** fhirclient's server-side storage, one per browser session. */
function memoryStorage() {
  const map = new Map<string, unknown>();
  return {
    get: async (key: string) => map.get(key),
    set: async (key: string, value: unknown) => {
      map.set(key, value);
      return value;
    },
    unset: async (key: string) => map.delete(key),
  };
}

async function verifyIdToken(client: Client): Promise<void> {
  const idToken = client.state.tokenResponse?.id_token;
  if (!idToken) return;
  const config = (await (await fetch(`${client.state.serverUrl}/.well-known/smart-configuration`)).json()) as { issuer: string; jwks_uri: string };
  try {
    await jwtVerify(idToken, createRemoteJWKSet(new URL(config.jwks_uri)), { issuer: config.issuer, audience: client.state.clientId });
  } catch (error) {
    throw new AppError(502, `The id_token could not be verified: ${(error as Error).message}`);
  }
}

/** A FHIR read; on 401 (the token ended early or expired) one refresh and one retry. */
async function fhir<T>(client: Client, url: string): Promise<T> {
  const saved = client.state.tokenResponse;
  try {
    return (await client.request(url)) as T;
  } catch (error) {
    if ((error as { status?: number }).status !== 401 || !saved?.refresh_token) throw error;
    // fhirclient forgets the session on a 401; the refresh token may still be good.
    client.state.tokenResponse = saved;
    await client.refresh();
    return (await client.request(url)) as T;
  }
}

async function summary(client: Client): Promise<Summary> {
  const patientId = client.patient.id;
  if (!patientId) throw new AppError(502, 'The EHR sent no patient in context');
  const patient = await fhir<{ id: string; birthDate?: string; name?: { given?: string[]; family?: string }[] }>(client, `Patient/${patientId}`);
  const bundle = await fhir<{ total?: number; entry?: unknown[] }>(client, `Observation?patient=${patientId}&_count=10`);
  const name = patient.name?.[0];
  return {
    patient: { id: patient.id, name: [...(name?.given ?? []), name?.family].filter(Boolean).join(' '), ...(patient.birthDate ? { birthDate: patient.birthDate } : {}) },
    observations: bundle.total ?? bundle.entry?.length ?? 0,
    ...(client.user.fhirUser ? { user: client.user.fhirUser } : {}),
  };
}

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const scope = options.scope ?? 'launch launch/patient openid fhirUser offline_access patient/*.rs';
  const storages = new Map<string, ReturnType<typeof memoryStorage>>();
  const clients = new Map<string, Client>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? randomUUID();
    res.setHeader('set-cookie', `sid=${sid}; HttpOnly; SameSite=Lax; Path=/`);
    const storage = storages.get(sid) ?? memoryStorage();
    storages.set(sid, storage);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/launch' || url.pathname === '/standalone') {
      const target = (await smart(req, res, storage).authorize({ clientId: options.clientId, scope, redirectUri: '/callback', noRedirect: true })) as unknown as string;
      res.writeHead(302, { location: target }).end();
      return;
    }
    if (url.pathname === '/callback') {
      const error = url.searchParams.get('error');
      if (error) throw new AppError(403, `The EHR refused: ${error}${url.searchParams.get('error_description') ? ` (${url.searchParams.get('error_description')})` : ''}`);
      // RFC 6749 §10.12: no state, no code (fhirclient alone would fall back to the session's).
      if (!url.searchParams.get('state')) throw new AppError(502, 'The EHR sent the code without state');
      const client = await smart(req, res, storage).ready();
      await verifyIdToken(client);
      if (!client.patient.id) throw new AppError(502, 'The EHR sent no patient in context');
      clients.set(sid, client);
      res.writeHead(302, { location: '/' }).end();
      return;
    }
    if (url.pathname === '/') {
      const client = clients.get(sid);
      if (!client) throw new AppError(401, 'Launch the app from the EHR first');
      send(200, await summary(client));
      return;
    }
    send(404, { error: 'Not found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof AppError ? error.status : 502;
      const upstream = (error as { status?: number }).status;
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message, ...(upstream && !(error instanceof AppError) ? { upstreamStatus: upstream } : {}) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
