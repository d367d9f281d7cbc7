/**
 * SandboxOptions with their documented defaults. `resolveOptions` checks every option and
 * reports every problem at once, so a CLI user or a test sees all mistakes in one run.
 */
import { AUTH_OPTION_NAMES, resolveAuthOptions, type AuthOptions, type ResolvedAuthOptions } from './auth/options.js';
import type { Clock } from './clock.js';

export interface SandboxOptions extends AuthOptions {
  /** Seed of the synthetic data: the same seed gives the same data, byte for byte. Default 42. */
  seed?: number;
  /** Number of synthetic patients. Default 50; 0 for none (load your own with `data`). */
  patients?: number;
  /** FHIR JSON, Bundle or NDJSON files or folders to load beside (or instead of) the synthetic data. */
  data?: string | string[];
  /**
   * The public URL of the sandbox root when it sits behind a proxy or is mounted under a
   * sub-path that requests do not show, e.g. `https://ehr.example.test/sandbox`. Default:
   * taken from each request (protocol, Host header and mount path).
   */
  baseUrl?: string;
  /** The clock every lifetime and timestamp reads. Default: system time, adjustable with `sb.clock`. */
  clock?: Clock;
  /** Page size of a search without `_count`. Default 50. */
  defaultPageSize?: number;
  /** Largest page a search returns; a larger `_count` is capped to it. Default 500. */
  maxPageSize?: number;
  /** Largest request body accepted, in bytes. Default 5 MiB. */
  bodyLimit?: number;
  /**
   * Serve the FHIR API without authentication, for quick exploration with curl. Off by
   * default: every FHIR request then needs an access token whose scopes allow it.
   */
  open?: boolean;
  /**
   * Limit a practitioner's `user/` scopes to their own patients (those whose general
   * practitioner they are, or whose encounters they took part in). Default: every patient.
   */
  ownPatientsOnly?: boolean;
  /**
   * Print one line per step of each flow (discovery, authorize, login, consent, code, token,
   * each FHIR call): `true` writes to stdout, a function receives each line. Default off.
   */
  logFlows?: boolean | ((line: string) => void);
  /**
   * Refuse (400) a create, update or patch whose literal reference names a resource of this
   * server that does not exist, or that still holds a `urn:` or conditional reference outside
   * a transaction, as HAPI FHIR does. Default true; false stores such references as sent.
   */
  referentialIntegrity?: boolean;
}

export interface ResolvedOptions extends ResolvedAuthOptions {
  seed: number;
  patients: number;
  data: string[];
  baseUrl: string | undefined;
  clock: Clock | undefined;
  defaultPageSize: number;
  maxPageSize: number;
  bodyLimit: number;
  open: boolean;
  ownPatientsOnly: boolean;
  /** Where flow log lines go, or undefined when the flow log is off. */
  logFlows: ((line: string) => void) | undefined;
  referentialIntegrity: boolean;
}

export const DEFAULTS = {
  seed: 42,
  patients: 50,
  defaultPageSize: 50,
  maxPageSize: 500,
  bodyLimit: 5 * 1024 * 1024,
} as const;

/** Thrown by `createSandbox` when options are invalid; `problems` lists each one. */
export class ConfigError extends Error {
  readonly code = 'ERR_MOCK_EHR_CONFIG';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid mock-ehr options:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function integer(problems: string[], name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return value;
}

function baseUrlOf(problems: string[], value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash) {
        return url.href.replace(/\/+$/, '');
      }
    } catch {
      // reported below
    }
  }
  problems.push(`baseUrl must be an absolute http(s) URL without query or fragment (got ${JSON.stringify(value)})`);
  return undefined;
}

function logWriter(problems: string[], value: unknown): ((line: string) => void) | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return (line) => process.stdout.write(`${line}\n`);
  if (typeof value === 'function') return value as (line: string) => void;
  problems.push('logFlows must be true, false or a function that takes a line');
  return undefined;
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const problems: string[] = [];
  const known = new Set(['seed', 'patients', 'data', 'baseUrl', 'clock', 'defaultPageSize', 'maxPageSize', 'bodyLimit', 'open', 'ownPatientsOnly', 'referentialIntegrity', 'logFlows', ...AUTH_OPTION_NAMES]);
  for (const key of Object.keys(options)) if (!known.has(key)) problems.push(`unknown option '${key}'`);
  const data = options.data === undefined ? [] : Array.isArray(options.data) ? options.data : [options.data];
  if (!data.every((d) => typeof d === 'string' && d.length > 0)) problems.push('data must be a path or a list of paths');
  const clock = options.clock;
  if (clock !== undefined && typeof clock?.now !== 'function') problems.push('clock must have a now() method');
  const resolved: ResolvedOptions = {
    seed: integer(problems, 'seed', options.seed, DEFAULTS.seed, 0, 2 ** 32 - 1),
    patients: integer(problems, 'patients', options.patients, DEFAULTS.patients, 0, 100_000),
    data,
    baseUrl: baseUrlOf(problems, options.baseUrl),
    clock,
    defaultPageSize: integer(problems, 'defaultPageSize', options.defaultPageSize, DEFAULTS.defaultPageSize, 1, 10_000),
    maxPageSize: integer(problems, 'maxPageSize', options.maxPageSize, DEFAULTS.maxPageSize, 1, 10_000),
    bodyLimit: integer(problems, 'bodyLimit', options.bodyLimit, DEFAULTS.bodyLimit, 1024, 1024 ** 3),
    open: options.open === true,
    ownPatientsOnly: options.ownPatientsOnly === true,
    referentialIntegrity: options.referentialIntegrity !== false,
    logFlows: logWriter(problems, options.logFlows),
    ...resolveAuthOptions(problems, options),
  };
  if (options.open !== undefined && typeof options.open !== 'boolean') problems.push('open must be true or false');
  if (options.ownPatientsOnly !== undefined && typeof options.ownPatientsOnly !== 'boolean') problems.push('ownPatientsOnly must be true or false');
  if (options.referentialIntegrity !== undefined && typeof options.referentialIntegrity !== 'boolean') problems.push('referentialIntegrity must be true or false');
  if (resolved.defaultPageSize > resolved.maxPageSize) problems.push('defaultPageSize must not exceed maxPageSize');
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}
