/**
 * The authorization server's options, with their defaults, checked with the other sandbox
 * options (every problem reported at once). Lifetimes are in seconds, on the sandbox clock.
 */
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
}

export interface ResolvedAuthOptions {
  keyFile: string | undefined;
  clients: ClientRecord[];
  strict: boolean;
  pkceRequired: boolean;
  codeLifetime: number;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
}

export const AUTH_DEFAULTS = {
  strict: false,
  pkceRequired: true,
  codeLifetime: 60,
  accessTokenLifetime: 3600,
  refreshTokenLifetime: 30 * 24 * 3600,
} as const;

export const AUTH_OPTION_NAMES = ['keyFile', 'clients', 'strict', 'pkceRequired', 'codeLifetime', 'accessTokenLifetime', 'refreshTokenLifetime'];

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
  };
}
