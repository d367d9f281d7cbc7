/**
 * The flags of the `mock-ehr` command and their environment variables, parsed into
 * sandbox options. Flags win over environment variables; both are checked alike.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AUTH_DEFAULTS } from './auth/options.js';
import { DEFAULTS, type SandboxOptions } from './config.js';

interface Flag {
  type: 'string' | 'boolean';
  env: string;
  value?: string;
  help: string;
  short?: string;
}

const FLAGS: Record<string, Flag> = {
  port: { type: 'string', env: 'MOCK_EHR_PORT', value: 'N', help: 'port to listen on (default 4013; 0 for any free port)' },
  host: { type: 'string', env: 'MOCK_EHR_HOST', value: 'HOST', help: 'interface to listen on (default localhost)' },
  seed: { type: 'string', env: 'MOCK_EHR_SEED', value: 'N', help: `seed of the synthetic data (default ${DEFAULTS.seed})` },
  patients: { type: 'string', env: 'MOCK_EHR_PATIENTS', value: 'N', help: `number of synthetic patients (default ${DEFAULTS.patients})` },
  data: { type: 'string', env: 'MOCK_EHR_DATA', value: 'PATH', help: 'FHIR JSON, Bundle or NDJSON file or folder to load (repeatable; env: comma-separated)' },
  'base-url': { type: 'string', env: 'MOCK_EHR_BASE_URL', value: 'URL', help: 'public URL of the sandbox when it sits behind a proxy' },
  'key-file': { type: 'string', env: 'MOCK_EHR_KEY_FILE', value: 'PATH', help: 'JWK file of the token signing key (created if missing; tokens then survive restarts)' },
  clients: { type: 'string', env: 'MOCK_EHR_CLIENTS', value: 'PATH', help: 'JSON file of registered clients' },
  strict: { type: 'boolean', env: 'MOCK_EHR_STRICT', help: 'refuse unknown client ids and close open registration' },
  'registration-token': { type: 'string', env: 'MOCK_EHR_REGISTRATION_TOKEN', value: 'T', help: 'initial access token dynamic registration requires (Bearer)' },
  'allowed-hosts': { type: 'string', env: 'MOCK_EHR_ALLOWED_HOSTS', value: 'LIST', help: "more Host names to serve, comma-separated (.domain for subdomains; 'all' for any)" },
  'max-clients': { type: 'string', env: 'MOCK_EHR_MAX_CLIENTS', value: 'N', help: `registered clients at most (default ${AUTH_DEFAULTS.maxClients})` },
  'max-pending': { type: 'string', env: 'MOCK_EHR_MAX_PENDING', value: 'N', help: `authorizations waiting for the user at most (default ${AUTH_DEFAULTS.maxPendingAuthorizations})` },
  'jwks-allow-private': { type: 'boolean', env: 'MOCK_EHR_JWKS_ALLOW_PRIVATE', help: 'let jwks_uri fetches reach private and link-local addresses' },
  'pkce-optional': { type: 'boolean', env: 'MOCK_EHR_PKCE_OPTIONAL', help: 'let apps without PKCE through (S256 is still checked when sent)' },
  'code-lifetime': { type: 'string', env: 'MOCK_EHR_CODE_LIFETIME', value: 'S', help: `authorization code lifetime in seconds (default ${AUTH_DEFAULTS.codeLifetime})` },
  'access-lifetime': { type: 'string', env: 'MOCK_EHR_ACCESS_LIFETIME', value: 'S', help: `access token lifetime in seconds (default ${AUTH_DEFAULTS.accessTokenLifetime})` },
  'refresh-lifetime': { type: 'string', env: 'MOCK_EHR_REFRESH_LIFETIME', value: 'S', help: `refresh token lifetime in seconds (default ${AUTH_DEFAULTS.refreshTokenLifetime})` },
  open: { type: 'boolean', env: 'MOCK_EHR_OPEN', help: 'serve the FHIR API without tokens (for curl; never for app testing)' },
  'own-patients-only': { type: 'boolean', env: 'MOCK_EHR_OWN_PATIENTS_ONLY', help: "limit a practitioner's user/ scopes to their own patients" },
  'no-referential-integrity': { type: 'boolean', env: 'MOCK_EHR_NO_REFERENTIAL_INTEGRITY', help: 'store writes whose references point at nothing (default: 400, as HAPI)' },
  quiet: { type: 'boolean', env: 'MOCK_EHR_QUIET', help: 'print only the FHIR base URL' },
  log: { type: 'string', env: 'MOCK_EHR_LOG', value: 'flows', help: 'print one line per step of each launch flow (the only kind: flows)' },
  help: { type: 'boolean', env: '', help: 'show this help', short: 'h' },
  version: { type: 'boolean', env: '', help: 'show the version', short: 'v' },
};

export function usage(): string {
  const lines = ['Usage: mock-ehr [options]', '       mock-ehr token [--url URL] [--scope SCOPES]   print a backend-service access token, for curl', '', 'Options (each also an environment variable):'];
  for (const [name, flag] of Object.entries(FLAGS)) {
    const left = `  ${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` ${flag.value}` : ''}`;
    lines.push(`${left.length < 24 ? left.padEnd(24) : `${left}  `}${flag.help}${flag.env ? ` [${flag.env}]` : ''}`);
  }
  return lines.join('\n');
}

/** A bad flag or value: the CLI prints it on one line and exits 2. */
export class UsageError extends Error {}

function wholeNumber(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? '0 or more' : `from 0 to ${max}`;
    throw new UsageError(`--${name} must be a whole number, ${range} (got '${value}')`);
  }
  return Number(value);
}

/**
 * `--patients -3` reads as a flag named `-3` to node's parser; give a negative number to
 * its flag (`--patients=-3`), so that the value check can say what is wrong with it.
 */
function attachNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && FLAGS[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** node's parseArgs messages, shortened to one plain line. */
function parseMessage(error: Error & { code?: string }): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(error.message);
  if (missing) return `${missing[2]} needs a value`;
  return error.message.split('\n')[0]!;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export interface CliConfig {
  options: SandboxOptions;
  port: number;
  host: string;
  quiet: boolean;
  /** `--log flows`: print each flow step. */
  logFlows: boolean;
  help: boolean;
  version: boolean;
}

/** Flags win over environment variables; both are checked the same way. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  const config: ParseArgsConfig = {
    args: attachNegativeValues(argv),
    strict: true,
    allowPositionals: false,
    options: Object.fromEntries(
      Object.entries(FLAGS).map(([name, f]) => [name, { type: f.type, multiple: name === 'data', ...(f.short ? { short: f.short } : {}) }]),
    ),
  };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs(config).values;
  } catch (error) {
    throw new UsageError(parseMessage(error as Error));
  }
  const get = (name: string): string | undefined => {
    const v = values[name];
    if (typeof v === 'string') return v;
    const e = FLAGS[name]!.env;
    return e ? env[e] : undefined;
  };
  const options: SandboxOptions = {};
  const seed = get('seed');
  if (seed !== undefined) options.seed = wholeNumber('seed', seed);
  const patients = get('patients');
  if (patients !== undefined) options.patients = wholeNumber('patients', patients);
  const data = (values.data as string[] | undefined) ?? env.MOCK_EHR_DATA?.split(',').filter(Boolean);
  if (data && data.length > 0) options.data = data;
  const baseUrl = get('base-url');
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  const keyFile = get('key-file');
  if (keyFile !== undefined) options.keyFile = keyFile;
  const clients = get('clients');
  if (clients !== undefined) options.clients = clients;
  const flag = (name: string): boolean => values[name] === true || truthy(env[FLAGS[name]!.env]);
  if (flag('strict')) options.strict = true;
  if (flag('open')) options.open = true;
  if (flag('own-patients-only')) options.ownPatientsOnly = true;
  if (flag('pkce-optional')) options.pkceRequired = false;
  if (flag('jwks-allow-private')) options.jwksAllowPrivate = true;
  const registrationToken = get('registration-token');
  if (registrationToken !== undefined) options.registrationToken = registrationToken;
  const allowedHosts = get('allowed-hosts');
  if (allowedHosts !== undefined) options.allowedHosts = allowedHosts.trim() === 'all' ? 'all' : allowedHosts.split(',').map((h) => h.trim()).filter(Boolean);
  const maxClients = get('max-clients');
  if (maxClients !== undefined) options.maxClients = wholeNumber('max-clients', maxClients);
  const maxPending = get('max-pending');
  if (maxPending !== undefined) options.maxPendingAuthorizations = wholeNumber('max-pending', maxPending);
  if (flag('no-referential-integrity')) options.referentialIntegrity = false;
  const lifetimes = [['code-lifetime', 'codeLifetime'], ['access-lifetime', 'accessTokenLifetime'], ['refresh-lifetime', 'refreshTokenLifetime']] as const;
  for (const [name, option] of lifetimes) {
    const value = get(name);
    if (value !== undefined) options[option] = wholeNumber(name, value);
  }
  const port = get('port');
  const log = get('log');
  if (log !== undefined && log !== 'flows') throw new UsageError(`--log takes 'flows' (got '${log}')`);
  return {
    options,
    port: port === undefined ? 4013 : wholeNumber('port', port, 65535),
    logFlows: log === 'flows',
    host: get('host') ?? 'localhost',
    quiet: values.quiet === true || truthy(env.MOCK_EHR_QUIET),
    help: values.help === true,
    version: values.version === true,
  };
}

