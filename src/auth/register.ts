/**
 * Dynamic client registration (RFC 7591 §3): a JSON POST of client metadata, answered 201
 * with the client id (and a secret for `client_secret_basic` / `client_secret_post`). The
 * token endpoint auth method decides the client type: `none` public, secret methods
 * symmetric, `private_key_jwt` asymmetric, or a backend service (SMART Backend Services) when
 * `grant_types` is `["client_credentials"]`, which must use `private_key_jwt` and `system/`
 * scopes. Registered clients must use their redirect URIs exactly, and those not on a
 * loopback host must be https. Bounded: a metadata document of at most
 * `maxClientMetadataBytes` (the body parser's limit) and at most `maxClients` registered
 * clients. With `registrationToken` an initial access token is required (RFC 7591 §3);
 * `strict` without one closes registration. `mock_ehr_faults`, a mock-ehr extension (RFC 7591
 * §2 lets servers define more metadata), gives the client its own simulated faults.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context.js';
import { addressAllowed, addressClass, type AddressPolicy } from './client-auth/address-policy.js';
import { clientRecordFrom } from './clients/client-config.js';
import { injectClientFaults } from '../flow/faults.js';
import type { ClientRecord, ClientType } from './clients/types.js';
import { timingSafeEqual } from 'node:crypto';
import { isLoopbackUri } from './clients/redirect-uri.js';
import { InvalidClientMetadataError, InvalidRedirectUriError, InvalidTokenError, type OAuthError } from './errors.js';
import { describeFailure, noStore, sendOAuthError } from './http/send-oauth-error.js';
import { randomToken } from './random.js';

const TYPE_BY_METHOD: Record<string, ClientType> = {
  none: 'public',
  client_secret_basic: 'confidential-symmetric',
  client_secret_post: 'confidential-symmetric',
  private_key_jwt: 'confidential-asymmetric',
};
const GRANTS = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

interface Metadata {
  redirect_uris?: unknown;
  token_endpoint_auth_method?: unknown;
  grant_types?: unknown;
  response_types?: unknown;
  client_name?: unknown;
  jwks?: unknown;
  jwks_uri?: unknown;
  scope?: unknown;
  launch_uri?: unknown;
  /** A mock-ehr extension: simulated faults for this client only (fault objects or preset ids). */
  mock_ehr_faults?: unknown;
}

function metadataError(problems: string[]): OAuthError {
  const redirect = problems.find((p) => p.includes('redirect'));
  return redirect ? new InvalidRedirectUriError(redirect) : new InvalidClientMetadataError(problems.join('; '));
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * The server fetches a registered `jwks_uri`, and anyone may register: so a plain `http:` one
 * must point at this machine (a test's own key server); anywhere else it must be `https:`,
 * and an IP address must be one the key-set fetch may reach (names are checked at each fetch,
 * after resolution).
 */
function checkJwksUri(uri: unknown, policy: AddressPolicy): void {
  if (typeof uri !== 'string' || !URL.canParse(uri)) return; // the client checks report it
  const url = new URL(uri);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new InvalidClientMetadataError('jwks_uri must be https, or http on a loopback host (localhost, 127.0.0.1, [::1])');
  }
  if (addressClass(url.hostname) !== undefined && !addressAllowed(url.hostname, policy)) {
    throw new InvalidClientMetadataError('jwks_uri must not point at a private, link-local, unique-local or other internal address');
  }
}

function clientFrom(m: Metadata, policy: AddressPolicy): { record: ClientRecord; method: string; grantTypes: string[] } {
  checkJwksUri(m.jwks_uri, policy);
  const method = m.token_endpoint_auth_method === undefined ? 'client_secret_basic' : String(m.token_endpoint_auth_method);
  if (!Object.hasOwn(TYPE_BY_METHOD, method)) throw new InvalidClientMetadataError(`token_endpoint_auth_method '${method}' is not supported`);
  const grantTypes = m.grant_types === undefined ? ['authorization_code'] : m.grant_types;
  if (!Array.isArray(grantTypes) || grantTypes.length === 0 || !grantTypes.every((g) => GRANTS.has(g))) {
    throw new InvalidClientMetadataError(`grant_types must be a list of ${[...GRANTS].join(', ')}`);
  }
  if (m.response_types !== undefined && JSON.stringify(m.response_types) !== '["code"]' && !(Array.isArray(m.response_types) && m.response_types.length === 0)) {
    throw new InvalidClientMetadataError('response_types may only be ["code"]');
  }
  const backend = grantTypes.includes('client_credentials');
  if (backend && grantTypes.length > 1) {
    throw new InvalidClientMetadataError('client_credentials cannot be combined with other grant types: register a backend service with grant_types ["client_credentials"]');
  }
  let type = TYPE_BY_METHOD[method]!;
  if (backend) {
    if (type !== 'confidential-asymmetric') throw new InvalidClientMetadataError('a client_credentials client must use private_key_jwt');
    type = 'backend-service';
  }
  const clientId = randomToken(12);
  const problems: string[] = [];
  const record = clientRecordFrom(
    problems,
    {
      clientId,
      type,
      ...(typeof m.client_name === 'string' ? { name: m.client_name } : {}),
      ...(type === 'confidential-symmetric' ? { secret: randomToken() } : {}),
      ...(m.jwks !== undefined ? { jwks: m.jwks } : {}),
      ...(m.jwks_uri !== undefined ? { jwksUri: m.jwks_uri } : {}),
      redirectUris: m.redirect_uris ?? [],
      ...(m.launch_uri !== undefined ? { launchUri: m.launch_uri } : {}),
      ...(m.scope !== undefined ? { scope: m.scope } : {}),
      ...(m.mock_ehr_faults !== undefined ? { faults: m.mock_ehr_faults } : {}),
    },
    'client metadata',
  );
  if (!record) throw metadataError(problems.map((p) => p.replace(/^client metadata: /, '').replace('redirectUris', 'redirect_uris').replace('jwksUri', 'jwks_uri').replace(/^faults/, 'mock_ehr_faults')));
  const plain = record.redirectUris.find((u) => u.startsWith('http:') && !isLoopbackUri(u));
  if (plain) throw new InvalidRedirectUriError(`redirect_uris: ${plain} must use https (plain http only on a loopback host: localhost, 127.0.0.1, [::1])`);
  return { record: { ...record, origin: 'registered' }, method, grantTypes: grantTypes as string[] };
}

/** RFC 7591 §3: the initial access token, when this sandbox requires one. */
function checkInitialAccessToken(ctx: SandboxContext, req: Request): void {
  const { registrationToken, strict } = ctx.options;
  if (registrationToken === undefined && !strict) return;
  if (registrationToken === undefined) {
    throw new InvalidTokenError('dynamic registration is closed: the sandbox runs in strict mode (register clients with the clients option, or start it with a registration token)');
  }
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
  const a = Buffer.from(sent ?? '');
  const b = Buffer.from(registrationToken);
  if (!sent || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new InvalidTokenError('dynamic registration requires the initial access token as a Bearer token (RFC 7591 §3)');
  }
}

function checkCapacity(ctx: SandboxContext): void {
  const max = ctx.options.maxClients;
  const registered = ctx.auth.clients.list().filter((c) => c.origin === 'registered').length;
  if (registered >= max) {
    throw new InvalidClientMetadataError(`this sandbox already holds ${max} registered clients, its limit (the maxClients option); reset the sandbox or remove clients before registering more`);
  }
}

export function register(ctx: SandboxContext, req: Request, res: Response): void {
  noStore(res);
  try {
    checkInitialAccessToken(ctx, req);
    checkCapacity(ctx);
    if (!req.is('application/json') || !req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new InvalidClientMetadataError('send the client metadata as a JSON object (Content-Type: application/json)');
    }
    const { record, method, grantTypes } = clientFrom(req.body as Metadata, { allowPrivate: ctx.options.jwksAllowPrivate });
    ctx.auth.clients.add(record);
    injectClientFaults(ctx.flow.faults, record);
    ctx.events.emit({ type: 'auth.register', clientId: record.clientId, clientType: record.type });
    res.status(201).json({
      client_id: record.clientId,
      client_id_issued_at: Math.floor(ctx.clock.now() / 1000),
      ...(record.secret ? { client_secret: record.secret, client_secret_expires_at: 0 } : {}),
      client_name: record.name,
      token_endpoint_auth_method: method,
      grant_types: grantTypes,
      ...(record.type === 'backend-service' ? {} : { response_types: ['code'], redirect_uris: record.redirectUris }),
      ...(record.jwks ? { jwks: record.jwks } : {}),
      ...(record.jwksUri ? { jwks_uri: record.jwksUri } : {}),
      ...(record.launchUri ? { launch_uri: record.launchUri } : {}),
      scope: record.scope.join(' '),
      // RFC 7591 §3.2.1: the response holds every registered metadata value, extensions included.
      ...(record.faults ? { mock_ehr_faults: record.faults } : {}),
    });
  } catch (error) {
    const oauth = describeFailure(error, 'registration');
    ctx.events.emit({ type: 'auth.error', endpoint: 'register', error: oauth.code, description: oauth.description, redirected: false });
    if (oauth instanceof InvalidTokenError) res.setHeader('WWW-Authenticate', `Bearer realm="mock-ehr", error="invalid_token"`);
    sendOAuthError(res, oauth);
  }
}
