/**
 * Turns a valid authorization request into an interaction: who the user is and which
 * patient is in context come from the EHR launch when there is one; the pages ask for the
 * rest (SMART App Launch 2.2, EHR launch and standalone launch).
 */
import { urlFor } from '../../routes.js';
import type { RequestBases } from '../http/bases.js';
import type { Interaction } from '../interaction/types.js';
import { randomToken } from '../random.js';
import type { LaunchRecord } from '../tokens/records.js';
import type { ScopeDecision } from './checks/scope.js';
import type { VerifiedTarget } from './verify-client.js';

/** How long a user has to get through the pages. */
export const INTERACTION_LIFETIME_MS = 30 * 60 * 1000;

export interface InteractionInput {
  target: VerifiedTarget;
  state: string;
  nonce?: string;
  codeChallenge?: string;
  scopes: ScopeDecision;
  launch?: LaunchRecord;
  bases: RequestBases;
  now: number;
}

export function startInteraction(input: InteractionInput): Interaction {
  const { target, launch, bases } = input;
  const context = launch
    ? { ...launch.context, smartStyleUrl: urlFor(bases.root, 'smartStyle') }
    : { needPatientBanner: true, smartStyleUrl: urlFor(bases.root, 'smartStyle') };
  return {
    uid: randomToken(),
    client: target.client,
    redirectUri: target.redirectUri,
    state: input.state,
    ...(input.nonce ? { nonce: input.nonce } : {}),
    ...(input.codeChallenge ? { codeChallenge: input.codeChallenge } : {}),
    requested: input.scopes.requested,
    offered: input.scopes.offered,
    rejected: input.scopes.rejected,
    launchType: launch ? 'ehr' : 'standalone',
    ...(launch?.user ? { user: launch.user } : {}),
    context,
    encounterDone: launch !== undefined,
    fhirBase: bases.fhirBase,
    issuer: bases.issuer,
    root: bases.root,
    expiresAt: input.now + INTERACTION_LIFETIME_MS,
  };
}
