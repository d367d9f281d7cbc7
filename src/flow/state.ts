/**
 * The flow machinery of one sandbox: the request scope that tags events with the flow they
 * belong to, the links between a flow's artifacts, the injected faults, and the throwaway
 * key that signs id_tokens nobody can verify (a fault).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { FlowTags } from '../events.js';
import type { SigningKey } from '../auth/keys/signing-key.js';
import { createFaultRegistry, type FaultRegistry } from './faults.js';
import { createFlowLinks, type FlowLinks } from './links.js';

export interface FlowState {
  /** The flow of the request being handled; its tags are merged into every event emitted meanwhile. */
  scope: AsyncLocalStorage<FlowTags>;
  links: FlowLinks;
  faults: FaultRegistry;
  /** A key that is in no JWKS, made on first use. */
  rogueKey(): SigningKey;
  /** Adds ids to the flow of the request being handled (an id the step has just created), for the events it emits from now on. */
  addTags(tags: FlowTags): void;
}

export function createFlowState(clock: Clock): FlowState {
  let rogue: SigningKey | undefined;
  const scope = new AsyncLocalStorage<FlowTags>();
  return {
    scope,
    links: createFlowLinks(clock),
    faults: createFaultRegistry(),
    rogueKey() {
      if (!rogue) {
        const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const kid = `unknown-${randomUUID()}`;
        rogue = { kid, alg: 'RS256', privateKey, publicKey, publicJwk: { ...(publicKey.export({ format: 'jwk' }) as { kty: string }), kid, alg: 'RS256', use: 'sig' } };
      }
      return rogue;
    },
    addTags(tags) {
      const current = scope.getStore();
      if (current) Object.assign(current, tags);
    },
  };
}
