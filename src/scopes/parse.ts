/**
 * The SMART scope parser, v1 and v2 in one grammar (SMART App Launch 2.2,
 * "Scopes and Launch Context"):
 *
 * ```
 * resource scope = ("patient" | "user" | "system") "/" (Type | "*") "." perms ["?" param "=" value *("&" param "=" value)]
 * perms (v2)     = non-empty in-order subset of "cruds"
 * perms (v1)     = "read" | "write" | "*"
 * ```
 * plus `launch`, `launch/patient`, `launch/encounter`, `openid`, `fhirUser`, `profile`,
 * `offline_access` and `online_access`. Out-of-order, repeated or unknown permission letters
 * are invalid (the spec lets a server ignore or reject them; rejecting tells the developer
 * why). Unknown scopes are reported invalid too; the caller decides whether to ignore them.
 */
import { R4_RESOURCE_TYPES } from '../fhir/resource-types.js';
import { PERMISSION_ORDER, V1_SUFFIXES, permissionString, v1Suffix } from './permissions.js';
import { formatQuery, parseQuery } from './query.js';
import type { ParsedScope, Permission, ResourceScope, ScopeContext, ScopeProblem } from './types.js';

/** Thrown by {@link parseScope}; `code` is the OAuth error it maps to (RFC 6749 §4.1.2.1). */
export class ScopeSyntaxError extends Error {
  readonly code = 'invalid_scope';
  constructor(
    readonly scope: string,
    readonly reason: string,
  ) {
    super(`invalid scope "${scope}": ${reason}`);
    this.name = 'ScopeSyntaxError';
  }
}

/** The outcome of {@link tryParseScope}. */
export type ScopeParseResult = { ok: true; scope: ParsedScope } | { ok: false; reason: string };

const CONTEXTS: ReadonlySet<string> = new Set<ScopeContext>(['patient', 'user', 'system']);
const RESOURCE_SHAPE = /^([^/?]*)\/([^.?]*)\.([^?]*)(?:\?(.*))?$/s;

function parsePermissions(text: string): { perms: Set<Permission>; version: 'v1' | 'v2' } | string {
  if (text === '') return 'the permission suffix is empty (use a non-empty in-order subset of cruds, or read, write, *)';
  const v1 = V1_SUFFIXES.get(text);
  if (v1) return { perms: new Set(v1), version: 'v1' };
  let last = -1;
  const perms = new Set<Permission>();
  for (const ch of text) {
    const at = PERMISSION_ORDER.indexOf(ch as Permission);
    if (at < 0) return `"${ch}" in ".${text}" is not a permission (use letters of cruds, or read, write, *)`;
    if (at === last) return `permission "${ch}" is repeated in ".${text}"`;
    if (at < last) return `permissions ".${text}" are out of order (they must follow c, r, u, d, s)`;
    last = at;
    perms.add(ch as Permission);
  }
  return { perms, version: 'v2' };
}

function parseResourceScope(s: string, m: RegExpExecArray): ScopeParseResult {
  const [, context = '', resourceType = '', permText = '', queryText] = m;
  if (!CONTEXTS.has(context)) return { ok: false, reason: `"${context}/" is not a scope context (use patient/, user/ or system/)` };
  if (resourceType === '') return { ok: false, reason: 'the resource type is missing' };
  if (resourceType !== '*' && !R4_RESOURCE_TYPES.has(resourceType)) {
    return { ok: false, reason: `"${resourceType}" is not a FHIR R4 resource type` };
  }
  const perms = parsePermissions(permText);
  if (typeof perms === 'string') return { ok: false, reason: perms };
  const { perms: permissions, version } = perms;
  const base: ResourceScope = { kind: 'resource', raw: s, context: context as ScopeContext, resourceType, permissions, version };
  if (queryText === undefined) return { ok: true, scope: base };
  if (version === 'v1') return { ok: false, reason: 'granular filters need v2 permissions (e.g. .rs), not a v1 suffix' };
  const query = parseQuery(queryText);
  if (typeof query === 'string') return { ok: false, reason: query };
  return { ok: true, scope: { ...base, query } };
}

/** Parses one scope, reporting a reason instead of throwing. */
export function tryParseScope(s: string): ScopeParseResult {
  switch (s) {
    case 'launch':
      return { ok: true, scope: { kind: 'launch', raw: s } };
    case 'launch/patient':
    case 'launch/encounter':
      return { ok: true, scope: { kind: 'launch', raw: s, target: s === 'launch/patient' ? 'patient' : 'encounter' } };
    case 'openid':
    case 'fhirUser':
    case 'profile':
      return { ok: true, scope: { kind: 'identity', raw: s, name: s } };
    case 'offline_access':
    case 'online_access':
      return { ok: true, scope: { kind: 'offline', raw: s, name: s } };
    case '':
      return { ok: false, reason: 'empty scope' };
  }
  if (s.startsWith('launch/')) {
    return { ok: false, reason: `launch context "${s.slice(7)}" is not supported (use launch/patient or launch/encounter)` };
  }
  const m = RESOURCE_SHAPE.exec(s);
  if (m) return parseResourceScope(s, m);
  return { ok: false, reason: 'unknown scope' };
}

/**
 * Parses one scope (SMART App Launch 2.2, "Scopes and Launch Context").
 * @throws {@link ScopeSyntaxError} when the scope is malformed or unknown.
 */
export function parseScope(s: string): ParsedScope {
  const r = tryParseScope(s);
  if (!r.ok) throw new ScopeSyntaxError(s, r.reason);
  return r.scope;
}

/**
 * Parses a space-separated `scope` parameter (RFC 6749 §3.3). Repeated scopes count once;
 * every scope that does not parse is listed in `invalid` with the reason.
 */
export function parseScopes(scopeParam: string): { scopes: ParsedScope[]; invalid: ScopeProblem[] } {
  const scopes: ParsedScope[] = [];
  const invalid: ScopeProblem[] = [];
  const seen = new Set<string>();
  for (const s of scopeParam.split(/\s+/)) {
    if (s === '' || seen.has(s)) continue;
    seen.add(s);
    const r = tryParseScope(s);
    if (r.ok) scopes.push(r.scope);
    else invalid.push({ scope: s, reason: r.reason });
  }
  return { scopes, invalid };
}

/**
 * Renders a parsed scope back to its string form. Resource scopes are written in their own
 * version: a v1 scope whose permissions are exactly `rs`, `cud` or `cruds` as `.read`,
 * `.write`, `.*`; any other set (which v1 cannot say) and every v2 scope in `cruds` letters.
 */
export function formatScope(p: ParsedScope): string {
  if (p.kind === 'launch') return p.target ? `launch/${p.target}` : 'launch';
  if (p.kind !== 'resource') return p.name;
  return formatResource(p);
}

function formatResource(p: ResourceScope): string {
  const suffix = (p.version === 'v1' ? v1Suffix(p.permissions) : undefined) ?? permissionString(p.permissions);
  const query = p.query ? `?${formatQuery(p.query)}` : '';
  return `${p.context}/${p.resourceType}.${suffix}${query}`;
}
