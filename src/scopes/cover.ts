/**
 * Scope coverage: whether a set of scopes already grants everything another scope asks for.
 * Used when narrowing on the consent page and at refresh (RFC 6749 §6: the new scope "MUST
 * NOT include any scope not originally granted").
 *
 * A resource scope is covered when the permissions of the scopes that reach it together
 * include its permissions (SMART 2.2 "Scope Equivalence": `Observation.rs` is
 * `Observation.r Observation.s`). A scope reaches it when it has the same context, the
 * same type or `*`, and no granular filter or the same filter. v1 and v2 spellings compare
 * by meaning (`.read` is `.rs`). Other scopes are covered only by themselves.
 */
import { isSubset, union } from './permissions.js';
import { tryParseScope } from './parse.js';
import { sameQuery } from './query.js';
import type { ParsedScope, ResourceScope, ScopeProblem } from './types.js';

/** True when `outer` reaches everything `inner` is about (context, type, filter), whatever the permissions. */
export function reaches(outer: ResourceScope, inner: ResourceScope): boolean {
  return (
    outer.context === inner.context &&
    (outer.resourceType === '*' || outer.resourceType === inner.resourceType) &&
    (outer.query === undefined || sameQuery(outer.query, inner.query))
  );
}

/** True when the scopes in `held` together grant everything `wanted` grants. */
export function isCovered(wanted: ParsedScope, held: readonly ParsedScope[]): boolean {
  if (wanted.kind !== 'resource') return held.some((h) => h.kind === wanted.kind && h.raw === wanted.raw);
  const reaching = held.filter((h): h is ResourceScope => h.kind === 'resource' && reaches(h, wanted));
  return isSubset(wanted.permissions, union(reaching.map((h) => h.permissions)));
}

function parsedOnly(scopes: readonly string[]): ParsedScope[] {
  return scopes.flatMap((s) => {
    const r = tryParseScope(s);
    return r.ok ? [r.scope] : [];
  });
}

/** The scopes of `requested` that `original` does not cover, each with the reason. */
export function uncoveredScopes(requested: readonly string[], original: readonly string[]): ScopeProblem[] {
  const held = parsedOnly(original);
  const out: ScopeProblem[] = [];
  for (const s of requested) {
    const r = tryParseScope(s);
    if (!r.ok) out.push({ scope: s, reason: r.reason });
    else if (!isCovered(r.scope, held)) out.push({ scope: s, reason: 'not within the original grant' });
  }
  return out;
}

/**
 * Refresh-time narrowing (RFC 6749 §6; contract §4): true when every requested scope is
 * covered by the originally granted scopes. An unparseable requested scope is never covered.
 */
export function isSubsetOf(requested: readonly string[], original: readonly string[]): boolean {
  return uncoveredScopes(requested, original).length === 0;
}
