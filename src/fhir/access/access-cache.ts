/**
 * The guard's answer for a token, kept per kind of request: a token asks the same question
 * (read a Patient, search Observations) again and again, and the answer depends only on its
 * grant and the question. The grant is the token's own (made once per token record), so a
 * revoked, expired or reset token never reaches this cache: the bearer check refuses it
 * first, on every request. Tokens with granular filters (SMART App Launch 2.2, "Finer-grained
 * resource constraints") are not kept: a filter with a date prefix reads the clock.
 */
import type { Clock } from '../../clock.js';
import type { ResourceStore } from '../../store/resource-store.js';
import type { Interaction } from '../request.js';
import type { AccessGrant, TokenGrant } from './grant.js';
import { authorizeRequest, type RequestAccess } from './guard.js';

/** Kinds of request kept per token: interactions times the types a client asks about. */
const PER_TOKEN = 64;

export interface AccessCache {
  /** `authorizeRequest`, answered from the cache when the same token asked the same before. */
  authorize(store: ResourceStore, grant: AccessGrant, request: { interaction: Interaction; resourceType?: string; id?: string }, clock: Clock): RequestAccess;
}

interface Kept {
  /** False for a grant with a granular filter: its access is made anew each time. */
  keep: boolean;
  answers: Map<string, RequestAccess>;
}

export function createAccessCache(): AccessCache {
  const byGrant = new WeakMap<TokenGrant, Kept>();
  return {
    authorize(store, grant, request, clock) {
      if (grant.kind === 'open') return authorizeRequest(store, grant, request, clock);
      let kept = byGrant.get(grant);
      if (!kept) {
        kept = { keep: grant.scopes.every((s) => s.kind !== 'resource' || s.query === undefined), answers: new Map() };
        byGrant.set(grant, kept);
      }
      if (!kept.keep) return authorizeRequest(store, grant, request, clock);
      // The user's own record is readable whatever the scopes say: a read of it is its own question.
      const own = grant.user !== undefined && (request.interaction === 'read' || request.interaction === 'vread') && grant.user === `${request.resourceType}/${request.id}`;
      const key = `${request.interaction} ${request.resourceType ?? ''}${own ? ' own' : ''}`;
      let access = kept.answers.get(key);
      if (access === undefined) {
        // A refusal throws and is not kept: it is the rare case, and its error is made anew.
        access = authorizeRequest(store, grant, request, clock);
        if (kept.answers.size >= PER_TOKEN) kept.answers.clear();
        kept.answers.set(key, access);
      }
      return access;
    },
  };
}
