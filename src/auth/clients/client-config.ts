/**
 * Checks the `clients` option (a list, or the path of a JSON file holding one) and turns it
 * into client records, reporting every problem at once like the rest of the options.
 */
import { readFileSync } from 'node:fs';
import { clientFaultsFrom } from '../../flow/fault-check.js';
import { tryParseScope } from '../../scopes/index.js';
import { parseRedirectUri } from './redirect-uri.js';
import { DEFAULT_SYSTEM_SCOPES, DEFAULT_USER_SCOPES, type ClientConfig, type ClientRecord, type ClientType } from './types.js';

const TYPES: readonly ClientType[] = ['public', 'confidential-symmetric', 'confidential-asymmetric', 'backend-service'];
const CLIENT_ID = /^[\x21-\x7E]{1,200}$/;
const KNOWN = new Set(['clientId', 'type', 'name', 'secret', 'jwks', 'jwksUri', 'redirectUris', 'launchUri', 'scope', 'faults']);

function readClientsFile(problems: string[], path: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const list = Array.isArray(parsed) ? parsed : (parsed as { clients?: unknown })?.clients;
    if (Array.isArray(list)) return list;
    problems.push(`clients file ${path} must hold a JSON array of clients (or { "clients": [...] })`);
  } catch (error) {
    problems.push(`cannot read clients file ${path}: ${(error as Error).message}`);
  }
  return [];
}

function scopeList(value: ClientConfig['scope'], type: ClientType): string[] {
  if (value === undefined) return [...(type === 'backend-service' ? DEFAULT_SYSTEM_SCOPES : DEFAULT_USER_SCOPES)];
  return (Array.isArray(value) ? value : value.split(/\s+/)).filter(Boolean);
}

/** A well-formed `system/` resource scope (SMART App Launch 2.2 Backend Services). */
function isSystemScope(scope: string): boolean {
  const parsed = tryParseScope(scope);
  return parsed.ok && parsed.scope.kind === 'resource' && parsed.scope.context === 'system';
}

function isJwks(value: unknown): value is { keys: Record<string, unknown>[] } {
  const keys = (value as { keys?: unknown })?.keys;
  return Array.isArray(keys) && keys.every((k) => k && typeof k === 'object' && typeof (k as { kty?: unknown }).kty === 'string');
}

/** One client's problems (prefixed with its position) and, when it has none, its record. */
export function clientRecordFrom(problems: string[], raw: unknown, where: string): ClientRecord | undefined {
  const before = problems.length;
  const c = (raw ?? {}) as Partial<ClientConfig> & Record<string, unknown>;
  const say = (message: string): void => void problems.push(`${where}: ${message}`);
  if (typeof raw !== 'object' || raw === null) {
    say('must be an object');
    return undefined;
  }
  for (const key of Object.keys(c)) if (!KNOWN.has(key)) say(`unknown member '${key}'`);
  if (typeof c.clientId !== 'string' || !CLIENT_ID.test(c.clientId)) say('clientId must be 1-200 visible ASCII characters');
  if (!TYPES.includes(c.type as ClientType)) say(`type must be one of ${TYPES.join(', ')}`);
  const type = c.type as ClientType;
  if (type === 'confidential-symmetric' && (typeof c.secret !== 'string' || c.secret.length < 8)) say('a confidential-symmetric client needs a secret of 8 characters or more');
  if (type !== 'confidential-symmetric' && c.secret !== undefined) say('only a confidential-symmetric client has a secret');
  const asymmetric = type === 'confidential-asymmetric' || type === 'backend-service';
  if (c.jwks !== undefined && !isJwks(c.jwks)) say('jwks must be a JWK Set: { "keys": [ { "kty": ... } ] }');
  if (isJwks(c.jwks) && c.jwks.keys.some((k) => 'd' in k)) say('jwks must hold public keys only');
  if (c.jwksUri !== undefined && !parseRedirectUri(String(c.jwksUri))) say('jwksUri must be an absolute http(s) URL');
  if (asymmetric && c.jwks === undefined && c.jwksUri === undefined) say(`a ${type} client needs jwks or jwksUri`);
  if (c.jwks !== undefined && c.jwksUri !== undefined) say('give jwks or jwksUri, not both');
  if (!asymmetric && (c.jwks !== undefined || c.jwksUri !== undefined)) say('only asymmetric clients have jwks or jwksUri');
  const redirectUris = c.redirectUris ?? [];
  if (!Array.isArray(redirectUris) || !redirectUris.every((u) => typeof u === 'string' && parseRedirectUri(u))) {
    say('redirectUris must be a list of absolute http(s) URLs without fragment');
  } else if (type !== 'backend-service' && redirectUris.length === 0) {
    say('a client that uses the authorize endpoint needs at least one redirect URI');
  }
  if (c.launchUri !== undefined && !parseRedirectUri(String(c.launchUri))) say('launchUri must be an absolute http(s) URL');
  if (c.scope !== undefined && typeof c.scope !== 'string' && !(Array.isArray(c.scope) && c.scope.every((s) => typeof s === 'string'))) {
    say('scope must be a space-separated string or a list of strings');
  } else if (type === 'backend-service') {
    const other = scopeList(c.scope, type).filter((s) => !isSystemScope(s));
    if (other.length > 0) say(`a backend-service client may only be registered for system/ scopes (not ${other.join(' ')})`);
  }
  if (c.name !== undefined && typeof c.name !== 'string') say('name must be a string');
  const faults = c.faults === undefined ? undefined : clientFaultsFrom(problems, c.faults, `${where}: faults`);
  if (problems.length > before) return undefined;
  return {
    clientId: c.clientId!,
    name: c.name ?? c.clientId!,
    type,
    ...(c.secret !== undefined ? { secret: c.secret } : {}),
    ...(c.jwks !== undefined ? { jwks: c.jwks } : {}),
    ...(c.jwksUri !== undefined ? { jwksUri: c.jwksUri } : {}),
    redirectUris: [...redirectUris],
    loopbackRedirects: false,
    ...(c.launchUri !== undefined ? { launchUri: c.launchUri } : {}),
    scope: scopeList(c.scope, type),
    origin: 'configured',
    ...(faults && faults.length > 0 ? { faults } : {}),
  };
}

/** The `clients` option as records; problems are pushed, bad clients left out. */
export function resolveClients(problems: string[], value: unknown): ClientRecord[] {
  if (value === undefined) return [];
  let list: unknown[];
  if (typeof value === 'string') list = readClientsFile(problems, value);
  else if (Array.isArray(value)) list = value;
  else {
    problems.push('clients must be a list of clients or the path of a JSON file');
    return [];
  }
  const records: ClientRecord[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const record = clientRecordFrom(problems, raw, `clients[${i}]`);
    if (!record) return;
    if (seen.has(record.clientId)) problems.push(`clients[${i}]: clientId '${record.clientId}' is listed twice`);
    seen.add(record.clientId);
    records.push(record);
  });
  return records;
}
