/**
 * What a request may do: everything (`--open`), or what its access token grants. Built
 * once per token by the bearer check and read by the guard on every request.
 */
import type { ParsedScope, TokenContext } from '../../scopes/index.js';

export interface OpenGrant {
  kind: 'open';
}

export interface TokenGrant {
  kind: 'token';
  /** The granted scopes, parsed. */
  scopes: readonly ParsedScope[];
  /** `system` for backend tokens, `patient` with a patient in context, `user` without. */
  tokenContext: TokenContext;
  /** The in-context patient's id. */
  patient?: string;
  clientId: string;
  /** `Type/id` of the logged-in user when an id_token or the `fhirUser` scope named it: always readable. */
  user?: string;
  /** Patients a `user/` scope reaches (a patient user, a parent, an own-patients practitioner); undefined: all. */
  userPatients?: ReadonlySet<string>;
  /** The token's id, for events. */
  jti?: string;
}

export type AccessGrant = OpenGrant | TokenGrant;

export const OPEN_GRANT: OpenGrant = { kind: 'open' };
