/**
 * Permission letters: their canonical order, v1 aliases, and set arithmetic
 * (SMART App Launch 2.2, "Scopes for requesting FHIR Resources").
 */
import type { Permission } from './types.js';

/** The in-order permission string every v2 suffix is a subset of. */
export const PERMISSION_ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];

/** v1 suffixes and their v2 meaning: `.read` ⇒ `.rs`, `.write` ⇒ `.cud`, `.*` ⇒ `.cruds`. */
export const V1_SUFFIXES: ReadonlyMap<string, readonly Permission[]> = new Map([
  ['read', ['r', 's']],
  ['write', ['c', 'u', 'd']],
  ['*', ['c', 'r', 'u', 'd', 's']],
]);

/** The letters of a permission set in canonical order, e.g. `rs`. */
export function permissionString(perms: ReadonlySet<Permission>): string {
  return PERMISSION_ORDER.filter((p) => perms.has(p)).join('');
}

/** The v1 suffix that means exactly this set, if there is one. */
export function v1Suffix(perms: ReadonlySet<Permission>): string | undefined {
  const letters = permissionString(perms);
  for (const [suffix, expanded] of V1_SUFFIXES) if (expanded.join('') === letters) return suffix;
  return undefined;
}

export function intersect(a: ReadonlySet<Permission>, b: ReadonlySet<Permission>): Set<Permission> {
  return new Set(PERMISSION_ORDER.filter((p) => a.has(p) && b.has(p)));
}

export function union(sets: Iterable<ReadonlySet<Permission>>): Set<Permission> {
  const out = new Set<Permission>();
  for (const s of sets) for (const p of s) out.add(p);
  return out;
}

export function isSubset(a: ReadonlySet<Permission>, b: ReadonlySet<Permission>): boolean {
  for (const p of a) if (!b.has(p)) return false;
  return true;
}

/** Permission names in plain words, for reasons and consent text. */
export const PERMISSION_WORDS: Readonly<Record<Permission, string>> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};
