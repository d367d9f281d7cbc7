/**
 * Everything the authorization server of one sandbox holds. Created with the sandbox
 * context and emptied by `sb.reset()`; nothing lives at module level, so two sandboxes in
 * one process share nothing.
 */
import type session from 'express-session';
import type { Clock } from '../clock.js';
import { packageRoot } from '../paths.js';
import { join } from 'node:path';
import { createRemoteJwksCache, type RemoteJwksCache } from './client-auth/remote-jwks.js';
import { createClientRegistry, type ClientRegistry } from './clients/registry.js';
import type { Interaction } from './interaction/types.js';
import { createKeyRing, type KeyRing } from './keys/signing-key.js';
import type { ResolvedAuthOptions } from './options.js';
import { CappedSessionStore } from './pages/session-store.js';
import { createViews, type Views } from './pages/views.js';
import { randomToken } from './random.js';
import type { AccessTokenRecord, AuthorizationCode, Grant, LaunchRecord, RefreshTokenRecord } from './tokens/records.js';
import { TtlMap } from './ttl-map.js';

export interface AuthState {
  keys: KeyRing;
  clients: ClientRegistry;
  launches: TtlMap<LaunchRecord>;
  interactions: TtlMap<Interaction>;
  codes: TtlMap<AuthorizationCode>;
  grants: TtlMap<Grant>;
  /** By `jti`. */
  accessTokens: TtlMap<AccessTokenRecord>;
  /** By token value. */
  refreshTokens: TtlMap<RefreshTokenRecord>;
  /** Verified access tokens by their string: the Bearer check's fast path. */
  verified: Map<string, AccessTokenRecord>;
  /**
   * The last `Authorization` header that passed the Bearer check as `Bearer <token>`, with its
   * record: a client sends the same header request after request, and comparing it costs less
   * than hashing a 1 KB token to look it up. Forgotten on reset, like `verified`.
   */
  lastBearer?: { header: string; record: AccessTokenRecord };
  /** `client_id` + `jti` of client assertions already seen (RFC 7523 §3, SMART asymmetric auth). */
  assertionIds: TtlMap<true>;
  /** JWK Sets of clients registered with `jwksUri`, kept as their Cache-Control allows. */
  remoteJwks: RemoteJwksCache;
  sessions: { store: session.Store; secret: string };
  views: Views;
  /** When this sandbox started, in clock milliseconds. */
  startedAt: number;
}

/** `keys`: a key ring made earlier (the sandbox starts generating its key before anything else). */
export function createAuthState(options: ResolvedAuthOptions, clock: Clock, keys: KeyRing = createKeyRing(options.keyFile)): AuthState {
  return {
    keys,
    clients: createClientRegistry(options.clients, options.strict),
    // Anyone can start these without credentials: capped, the oldest pending one dropped first.
    launches: new TtlMap(clock, options.maxPendingAuthorizations),
    interactions: new TtlMap(clock, options.maxPendingAuthorizations),
    codes: new TtlMap(clock),
    grants: new TtlMap(clock),
    accessTokens: new TtlMap(clock),
    refreshTokens: new TtlMap(clock),
    verified: new Map(),
    assertionIds: new TtlMap(clock),
    remoteJwks: createRemoteJwksCache(clock, { allowPrivate: options.jwksAllowPrivate, ...(options.jwksResolver ? { resolver: options.jwksResolver } : {}) }),
    sessions: { store: new CappedSessionStore(clock, options.maxSessions), secret: randomToken() },
    views: createViews(join(packageRoot(), 'views')),
    startedAt: clock.now(),
  };
}

/** Forgets every launch, interaction, code, grant, token and registered client; keeps keys and configured clients. */
export function resetAuthState(auth: AuthState): void {
  for (const map of [auth.launches, auth.interactions, auth.codes, auth.grants, auth.accessTokens, auth.refreshTokens, auth.assertionIds]) {
    map.clear();
  }
  auth.verified.clear();
  auth.lastBearer = undefined;
  auth.remoteJwks.clear();
  auth.clients.reset();
}
