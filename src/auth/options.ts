/**
 * The authorization server's options, with their defaults, checked with the other sandbox
 * options (every problem reported at once). Lifetimes are in seconds, on the sandbox clock.
 */
import type { HostResolver } from './client-auth/guarded-get.js';
import { resolveClients } from './clients/client-config.js';
import type { ClientConfig, ClientRecord } from './clients/types.js';

export interface AuthOptions {
  /**
   * A JSON file holding the private RS256 JWK that signs tokens. Created on first use when
   * missing; with it, access tokens stay valid across restarts. Default: a new key per start.
   */
  keyFile?: string;
  /** Registered clients: a list, or the path of a JSON file holding one. Default: demo clients only. */
  clients?: string | ClientConfig[];
  /** Refuse unknown client ids instead of accepting them as public loopback clients. Default false. */
  strict?: boolean;
  /** Require PKCE (S256) at the authorize endpoint. Default true; `plain` is never accepted. */
  pkceRequired?: boolean;
  /** Lifetime of authorization codes, in seconds. Default 60. */
  codeLifetime?: number;
  /** Lifetime of access tokens (and id_tokens), in seconds. Default 3600. */
  accessTokenLifetime?: number;
  /** Lifetime of each refresh token, in seconds (renewed on rotation). Default 30 days. */
  refreshTokenLifetime?: number;
  /**
   * Host names requests may name in `Host` besides localhost, IP addresses, the host of
   * `baseUrl` and the host given to `listen()`; `.example.test` also allows its subdomains.
   * `'all'` turns the check off. Others get 421. Default: none.
   */
  allowedHosts?: string[] | 'all';
  /** Longest value of one authorize request parameter, in characters. Default 4096. */
  maxParameterLength?: number;
  /** Authorizations (and EHR launches) waiting for the user; past it the oldest is dropped. Default 1000. */
  maxPendingAuthorizations?: number;
  /** Browser sessions of the pages (one per browser shown a page); past it the least recently used is dropped. Default 10000. */
  maxSessions?: number;
  /** Clients registered through dynamic registration; past it registration is refused. Default 1000. */
  maxClients?: number;
  /** Largest client metadata document accepted by dynamic registration, in bytes. Default 16384. */
  maxClientMetadataBytes?: number;
  /**
   * Let client key sets (`jwks_uri`) be fetched from private, link-local and unique-local
   * addresses too (loopback and public ones always are). Default false.
   */
  jwksAllowPrivate?: boolean;
  /** Resolves the host names of `jwks_uri` fetches (for tests). Default: the system resolver. */
  jwksResolver?: HostResolver;
  /**
   * An initial access token (RFC 7591 §3) that dynamic registration requires as a Bearer
   * token. Default none: registration is open, unless `strict` closes it.
   */
  registrationToken?: string;
}

export interface ResolvedAuthOptions {
  keyFile: string | undefined;
  clients: ClientRecord[];
  strict: boolean;
  pkceRequired: boolean;
  codeLifetime: number;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
  allowedHosts: string[] | 'all';
  maxParameterLength: number;
  maxPendingAuthorizations: number;
  maxSessions: number;
  maxClients: number;
  maxClientMetadataBytes: number;
  jwksAllowPrivate: boolean;
  jwksResolver: HostResolver | undefined;
  registrationToken: string | undefined;
}

export const AUTH_DEFAULTS = {
  strict: false,
  pkceRequired: true,
  codeLifetime: 60,
  accessTokenLifetime: 3600,
  refreshTokenLifetime: 30 * 24 * 3600,
  maxParameterLength: 4096,
  maxPendingAuthorizations: 1000,
  maxSessions: 10_000,
  maxClients: 1000,
  maxClientMetadataBytes: 16 * 1024,
  jwksAllowPrivate: false,
} as const;

export const AUTH_OPTION_NAMES = ['keyFile', 'clients', 'strict', 'pkceRequired', 'codeLifetime', 'accessTokenLifetime', 'refreshTokenLifetime',
  'allowedHosts', 'maxParameterLength', 'maxPendingAuthorizations', 'maxSessions', 'maxClients', 'maxClientMetadataBytes', 'jwksAllowPrivate', 'jwksResolver', 'registrationToken'];

function seconds(problems: string[], name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10 * 365 * 24 * 3600) {
    problems.push(`${name} must be a whole number of seconds from 1 to ten years (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return value;
}

function flag(problems: string[], name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    problems.push(`${name} must be true or false (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return value;
}

function count(problems: string[], name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 10_000_000) {
    problems.push(`${name} must be a whole number from ${min} to 10000000 (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return value;
}

function hostList(problems: string[], value: unknown): string[] | 'all' {
  if (value === undefined) return [];
  if (value === 'all') return 'all';
  if (Array.isArray(value) && value.every((h) => typeof h === 'string' && /^\.?[a-z0-9.\-_]+$/i.test(h))) return value as string[];
  problems.push(`allowedHosts must be 'all' or a list of host names (got ${JSON.stringify(value)})`);
  return [];
}

export function resolveAuthOptions(problems: string[], options: AuthOptions): ResolvedAuthOptions {
  if (options.keyFile !== undefined && (typeof options.keyFile !== 'string' || options.keyFile === '')) {
    problems.push('keyFile must be a file path');
  }
  return {
    keyFile: typeof options.keyFile === 'string' && options.keyFile ? options.keyFile : undefined,
    clients: resolveClients(problems, options.clients),
    strict: flag(problems, 'strict', options.strict, AUTH_DEFAULTS.strict),
    pkceRequired: flag(problems, 'pkceRequired', options.pkceRequired, AUTH_DEFAULTS.pkceRequired),
    codeLifetime: seconds(problems, 'codeLifetime', options.codeLifetime, AUTH_DEFAULTS.codeLifetime),
    accessTokenLifetime: seconds(problems, 'accessTokenLifetime', options.accessTokenLifetime, AUTH_DEFAULTS.accessTokenLifetime),
    refreshTokenLifetime: seconds(problems, 'refreshTokenLifetime', options.refreshTokenLifetime, AUTH_DEFAULTS.refreshTokenLifetime),
    allowedHosts: hostList(problems, options.allowedHosts),
    maxParameterLength: count(problems, 'maxParameterLength', options.maxParameterLength, AUTH_DEFAULTS.maxParameterLength, 256),
    maxPendingAuthorizations: count(problems, 'maxPendingAuthorizations', options.maxPendingAuthorizations, AUTH_DEFAULTS.maxPendingAuthorizations, 1),
    maxSessions: count(problems, 'maxSessions', options.maxSessions, AUTH_DEFAULTS.maxSessions, 10),
    maxClients: count(problems, 'maxClients', options.maxClients, AUTH_DEFAULTS.maxClients, 0),
    maxClientMetadataBytes: count(problems, 'maxClientMetadataBytes', options.maxClientMetadataBytes, AUTH_DEFAULTS.maxClientMetadataBytes, 1024),
    jwksAllowPrivate: flag(problems, 'jwksAllowPrivate', options.jwksAllowPrivate, AUTH_DEFAULTS.jwksAllowPrivate),
    jwksResolver: resolver(problems, options.jwksResolver),
    registrationToken: registrationToken(problems, options.registrationToken),
  };
}

function resolver(problems: string[], value: unknown): HostResolver | undefined {
  if (value === undefined || typeof value === 'function') return value as HostResolver | undefined;
  problems.push('jwksResolver must be a function (host name) => Promise<{ address, family }[]>');
  return undefined;
}

function registrationToken(problems: string[], value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[\x21-\x7E]{16,}$/.test(value)) return value;
  problems.push('registrationToken must be at least 16 visible ASCII characters');
  return undefined;
}
