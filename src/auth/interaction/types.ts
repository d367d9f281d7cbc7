/**
 * An authorization request in progress, between the authorize endpoint and the redirect
 * back to the app. The pages resume it through its id (`/auth/interaction/{uid}`); it is
 * bound to the browser session that first opened it.
 */
import type { ClientRecord } from '../clients/types.js';
import type { LaunchContext, UserRef } from '../tokens/records.js';

export interface RejectedScope {
  scope: string;
  reason: string;
}

export interface Interaction {
  uid: string;
  client: ClientRecord;
  redirectUri: string;
  state: string;
  nonce?: string;
  codeChallenge?: string;
  /** Scopes as the app asked for them. */
  requested: string[];
  /** What negotiation allows: the consent page offers these. */
  offered: string[];
  rejected: RejectedScope[];
  launchType: 'ehr' | 'standalone';
  user?: UserRef;
  /** Patient and encounter ids, and the rest of the context, as chosen so far. */
  context: LaunchContext;
  /** True once the encounter step is done (chosen, or nothing to choose). */
  encounterDone: boolean;
  fhirBase: string;
  issuer: string;
  root: string;
  /** The browser session the interaction belongs to, set when its first page is shown. */
  sessionId?: string;
  expiresAt: number;
  /**
   * Set once the app has been sent its answer: the interaction is kept (until it expires)
   * only so that the browser's Back button gets a page saying so, never to continue it.
   */
  finished?: 'approved' | 'denied';
}
