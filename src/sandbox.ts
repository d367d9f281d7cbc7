/**
 * createSandbox(): one whole mock EHR (store, FHIR API, and later the authorization
 * server) that a test suite starts on port 0, resets and closes; or mounts as `sb.app`.
 */
import type { KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { generateSeedData, seedResources, type SeedProgress } from '../seed/index.js';
import { clientRecordFrom } from './auth/clients/client-config.js';
import type { ProxyUser } from './auth/people/proxies.js';
import type { ClientConfig, ClientRecord } from './auth/clients/types.js';
import { authenticateBearer, type BearerResult } from './auth/bearer.js';
import { createKeyRing } from './auth/keys/signing-key.js';
import { resetAuthState } from './auth/state.js';
import { revokeClient } from './auth/tokens/revoke-grant.js';
import { createApp } from './app.js';
import type { ManualClock } from './clock.js';
import { ConfigError, resolveOptions, type ResolvedOptions, type SandboxOptions } from './config.js';
import { createContext, initialLoadOptions, type SandboxContext } from './context.js';
import { indexInBackground } from './store/background-index.js';
import { loadDataSources } from './data/load.js';
import { logFlows } from './inspector/flow-log.js';
import type { EventBus } from './events.js';
import type { Resource } from './fhir/resource.js';
import { urlFor } from './routes.js';
import { driveAuthorize, type AuthorizeChoices, type AuthorizeResult } from './api/authorize.js';
import { createLaunch, type CreatedLaunch, type CreateLaunchOptions } from './api/create-launch.js';
import { issueToken, type IssueTokenOptions } from './api/issue-token.js';
import { sandboxStore, type SandboxStore } from './api/sandbox-store.js';
import type { TokenResponse } from './auth/token/issue.js';
import type { Fault } from './flow/fault-types.js';
import { injectClientFaults, type Faults } from './flow/faults.js';
import type { EarlyServer } from './http/early-server.js';

export interface Sandbox {
  /** The Express app; mount it anywhere (`parent.use('/ehr', sb.app)`) or let `listen` serve it. */
  readonly app: Express;
  /** The resource store: read, search and write resources directly, without HTTP; writes emit `store.change`. */
  readonly store: SandboxStore;
  /** Flow events: each step of a launch, every FHIR request and store change; an emitter and an async iterator. */
  readonly events: EventBus;
  /** Simulated EHR faults at any step: `inject({ at, error | status, latency, times, client, launch })`, `clear()`. */
  readonly faults: Faults;
  /** Mints a token response like the token endpoint's, without a launch; works before `listen()`. */
  issueToken(options?: IssueTokenOptions): Promise<TokenResponse>;
  /** An EHR launch without the launcher page: the launch id and the app URL with `iss` and `launch`. Needs the URL (listening, or `baseUrl`). */
  createLaunch(options?: CreateLaunchOptions): CreatedLaunch;
  /** Drives an authorization request through the real pages over HTTP; resolves with the redirect back to the app. */
  authorize(authorizeUrl: string, choices?: AuthorizeChoices): Promise<AuthorizeResult>;
  /** The sandbox clock: `advance(ms)` moves every lifetime and timestamp forward. */
  readonly clock: ManualClock;
  readonly options: ResolvedOptions;
  /** The sandbox root URL: `baseUrl`, or `http://host:port` once listening. */
  readonly url: string;
  /** `${url}/fhir`, the FHIR base URL apps use as `iss` and `aud`. */
  readonly fhirBaseUrl: string;
  /** Starts serving on `port` (0: any free port) and `host` (default `localhost`). */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops serving and drops open connections. */
  close(): Promise<void>;
  /** Puts the store back to its seeded state and forgets every launch, code, token and registered client. */
  reset(): Promise<void>;
  /** The authorization server's clients: demo, configured, registered and added ones. */
  readonly clients: SandboxClients;
  /**
   * Who may act for whom (a parent for a child): recorded from `RelatedPerson.patient` and
   * `Patient.link` when data is loaded, and changed only here, never by a FHIR write.
   */
  readonly proxies: SandboxProxies;
  /** Checks an `Authorization` header the way the FHIR API does, for the given FHIR base URL. */
  authenticateBearer(authorizationHeader: string | undefined, fhirBase: string): BearerResult;
}

export interface SandboxClients {
  /**
   * Registers a client (same shape as the `clients` option, `faults` included: they apply to
   * this client's authorize, token and FHIR requests only); throws ConfigError when it is invalid.
   */
  add(client: ClientConfig): ClientRecord;
  /** The same as `add`. */
  register(client: ClientConfig & { faults?: (Fault | string)[] }): ClientRecord;
  get(clientId: string): ClientRecord | undefined;
  list(): ClientRecord[];
  /** Removes the client and revokes every grant and token it holds (RFC 7592 §2.3); false when there was no such client. */
  remove(clientId: string): boolean;
}

export interface SandboxProxies {
  /** Lets `user` (`RelatedPerson/{id}` or `Patient/{id}`) act for Patient `patientId` from its next login. */
  add(user: ProxyUser, patientId: string): void;
  /** Takes that right away again (for tokens issued after this call); false when there was none. */
  remove(user: ProxyUser, patientId: string): boolean;
  list(): { user: ProxyUser; patient: string }[];
}

function sandboxProxies(ctx: SandboxContext): SandboxProxies {
  return {
    add(user, patientId) {
      const problems: string[] = [];
      if (!/^(RelatedPerson|Patient)\/[A-Za-z0-9\-.]{1,64}$/.test(user)) problems.push(`proxies: '${user}' must be RelatedPerson/{id} or Patient/{id}`);
      if (!ctx.store.peek('Patient', patientId)) problems.push(`proxies: Patient/${patientId} does not exist`);
      if (problems.length > 0) throw new ConfigError(problems);
      ctx.proxies.add(user, patientId);
    },
    remove: (user, patientId) => ctx.proxies.remove(user, patientId),
    list: () => ctx.proxies.list(),
  };
}

function sandboxClients(ctx: SandboxContext): SandboxClients {
  const { clients } = ctx.auth;
  const add = (config: ClientConfig): ClientRecord => {
    const problems: string[] = [];
    const record = clientRecordFrom(problems, config, 'client');
    if (!record) throw new ConfigError(problems);
    clients.add(record);
    injectClientFaults(ctx.flow.faults, record);
    return record;
  };
  return {
    add,
    register: add,
    get: (clientId) => clients.get(clientId),
    list: () => clients.list(),
    remove: (clientId) => {
      if (!clients.remove(clientId)) return false;
      revokeClient(ctx.auth, clientId);
      return true;
    },
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The data a sandbox starts with. Without data files it is the seed as it is generated: the
 * store loads each chart as it is made (see `seedResources`), and `onGenerated` is called once
 * the last is made. With data files, the whole seed is generated first.
 */
async function initialData(options: ResolvedOptions, onProgress?: SeedProgress, onGenerated?: () => void): Promise<Iterable<Resource>> {
  const seed = { seed: options.seed, patients: options.patients, onProgress };
  if (options.data.length === 0) return generatedThen(seedResources(seed), onGenerated);
  const data = generateSeedData(seed);
  onGenerated?.();
  // Loaded data may refer to generated resources; every reference must resolve, or nothing loads.
  data.push(...(await loadDataSources(options.data, { existing: data })));
  return data;
}

/** `resources`, then `done()` once they have all been taken. */
function generatedThen(resources: Iterable<Resource>, done?: () => void): Iterable<Resource> {
  return {
    *[Symbol.iterator]() {
      yield* resources;
      done?.();
    },
  };
}

/** The sandbox root URL of a server listening on `host`, unless a `baseUrl` is configured. */
export function listeningRoot(server: Server, host: string, baseUrl?: string): string {
  return baseUrl ?? `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`;
}

/**
 * Creates a sandbox: checks the options (ConfigError lists every problem), generates the
 * synthetic data and loads `data` (DataLoadError names each bad file and entry), then
 * builds the app. It does not listen until `listen()`.
 */
export async function createSandbox(options: SandboxOptions = {}, hooks: { onSeedProgress?: SeedProgress } = {}): Promise<Sandbox> {
  return startSandbox(resolveOptions(options), hooks);
}

/** What the command line follows of a sandbox's start. */
export interface StartHooks {
  onSeedProgress?: SeedProgress;
  /** Called once the synthetic data is generated (without data files, each chart is loaded into the store as it is made). */
  onGenerated?: () => void;
  /** Called once the data is loaded into the store, before the sandbox serves anything. */
  onLoaded?: () => void;
  server?: EarlyServer;
  /** The signing key, already being generated (the command starts it first); unused with a key file. */
  signingKey?: Promise<KeyObject>;
}

/**
 * `createSandbox` for options already checked. With `server` (the command line's, listening
 * since before the data was generated), the sandbox serves the requests it holds and every
 * later one, as if `listen()` had been called.
 */
export async function startSandbox(resolved: ResolvedOptions, hooks: StartHooks = {}): Promise<Sandbox> {
  // The RSA key is generated on a worker thread: start it before the data, so it is made
  // while the patients are and the first token request does not wait for it.
  const keys = createKeyRing(resolved.keyFile, hooks.signingKey);
  const ctx = createContext(resolved, await initialData(resolved, hooks.onSeedProgress, hooks.onGenerated), keys);
  hooks.onLoaded?.();
  // Stopped when the data it indexes goes (reset) or the sandbox closes.
  let stopIndexing = indexInBackground(ctx.quietStore, undefined, ctx.initialData.length);
  if (resolved.logFlows) logFlows(ctx.flows, resolved.logFlows);
  for (const client of resolved.clients) injectClientFaults(ctx.flow.faults, client);
  const { app, listener, serverOptions } = createApp(ctx, hooks.server?.classes);
  let server: Server | undefined;
  /** Settles when a listen() under way has (or has not) started its server. */
  let starting: Promise<void> | undefined;
  let listening: string | undefined;
  if (hooks.server) {
    ctx.hosts.add(hooks.server.host);
    server = hooks.server.server;
    listening = listeningRoot(server, hooks.server.host);
    hooks.server.serve(listener);
  }

  const known = (): string | undefined => resolved.baseUrl ?? listening;
  const url = (): string => {
    const root = known();
    if (root) return root;
    throw new Error('mock-ehr: the sandbox is not listening; call listen() or set the baseUrl option');
  };

  return {
    app,
    store: sandboxStore(ctx.store, ctx.clock),
    events: ctx.events,
    faults: { inject: (f) => ctx.flow.faults.inject(f), clear: (filter) => ctx.flow.faults.clear(filter), list: () => ctx.flow.faults.list() },
    issueToken: (options) => issueToken(ctx, known, options),
    createLaunch: (options) => createLaunch(ctx, known, options),
    authorize: (authorizeUrl, choices) => driveAuthorize(authorizeUrl, choices),
    clock: ctx.clock,
    options: resolved,
    clients: sandboxClients(ctx),
    proxies: sandboxProxies(ctx),
    authenticateBearer: (header, fhirBase) => authenticateBearer(ctx, header, fhirBase),
    get url() {
      return url();
    },
    get fhirBaseUrl() {
      return urlFor(url(), 'fhir');
    },
    listen(port = 0, host = 'localhost') {
      if (server || starting) return Promise.reject(new Error('mock-ehr: the sandbox is already listening'));
      const started = new Promise<string>((resolve, reject) => {
        const s = createServer(serverOptions, listener);
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          ctx.hosts.add(host);
          server = s;
          listening = listeningRoot(s, host);
          resolve(url());
        });
      });
      // A second listen() while the first is under way is refused too, and close() waits for it.
      const settled = started.then(
        () => undefined,
        () => undefined,
      );
      starting = settled;
      void settled.then(() => {
        if (starting === settled) starting = undefined;
      });
      return started;
    },
    async close() {
      stopIndexing();
      if (starting) await starting;
      const s = server;
      server = undefined;
      listening = undefined;
      if (!s) return;
      await new Promise<void>((resolve, reject) => {
        s.close((error) => (error ? reject(error) : resolve()));
        s.closeAllConnections();
      });
    },
    async reset() {
      stopIndexing();
      ctx.quietStore.clear();
      ctx.quietStore.load(ctx.initialData, initialLoadOptions(resolved));
      stopIndexing = indexInBackground(ctx.quietStore, undefined, ctx.initialData.length);
      ctx.flow.faults.clear();
      ctx.flow.links.clear();
      resetAuthState(ctx.auth);
      for (const client of resolved.clients) injectClientFaults(ctx.flow.faults, client);
      ctx.events.emit({ type: 'sandbox.reset' });
    },
  };
}
