/**
 * The shapes of parsed SMART scopes (SMART App Launch 2.2, "Scopes and Launch Context").
 */

/**
 * One permission letter of a v2 resource scope (SMART 2.2 §"Scopes for requesting FHIR
 * Resources"): `c` create; `r` read, vread, instance history; `u` update and patch;
 * `d` delete; `s` type search and type history.
 */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** The three scope contexts of the resource scope syntax: `patient/`, `user/`, `system/`. */
export type ScopeContext = 'patient' | 'user' | 'system';

/** A granular filter: the `param=value` pairs after `?`, in the order they were written. */
export type ScopeQuery = readonly (readonly [string, string])[];

/**
 * A resource scope such as `patient/Observation.rs`, `user/*.read` or
 * `patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory`.
 */
export interface ResourceScope {
  readonly kind: 'resource';
  /** The scope exactly as it was written. */
  readonly raw: string;
  readonly context: ScopeContext;
  /** A FHIR R4 resource type, or `*` for every type. */
  readonly resourceType: string;
  /** What the scope permits, with v1 suffixes expanded (`read` = rs, `write` = cud, `*` = cruds). */
  readonly permissions: ReadonlySet<Permission>;
  /** `v1` when written `.read`, `.write` or `.*`; `v2` when written with `cruds` letters. */
  readonly version: 'v1' | 'v2';
  /** The granular filter, percent-decoded; absent when the scope has no `?` suffix. */
  readonly query?: ScopeQuery;
}

/** `launch` (EHR launch), `launch/patient` or `launch/encounter` (SMART 2.2 §"Scopes for requesting context data"). */
export interface LaunchScope {
  readonly kind: 'launch';
  readonly raw: string;
  /** Absent for the bare `launch` scope. */
  readonly target?: 'patient' | 'encounter';
}

/** `openid`, `fhirUser` or `profile` (SMART 2.2 §"Scopes for requesting identity data"). */
export interface IdentityScope {
  readonly kind: 'identity';
  readonly raw: string;
  readonly name: 'openid' | 'fhirUser' | 'profile';
}

/** `offline_access` or `online_access` (SMART 2.2 §"Scopes for requesting a refresh token"). */
export interface RefreshScope {
  readonly kind: 'offline';
  readonly raw: string;
  readonly name: 'offline_access' | 'online_access';
}

/** Any scope this server understands. */
export type ParsedScope = ResourceScope | LaunchScope | IdentityScope | RefreshScope;

/** A scope that could not be parsed, or was refused, and why (for `error_description` and teaching pages). */
export interface ScopeProblem {
  readonly scope: string;
  readonly reason: string;
}
