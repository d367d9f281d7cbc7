/**
 * The flow machinery of one sandbox: the request scope that tags events with the flow they
 * belong to, the links between a flow's artifacts, the injected faults, and the throwaway
 * key that signs id_tokens nobody can verify (a fault).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { FlowTags } from '../events.js';
import type { SigningKey } from '../auth/keys/signing-key.js';
import { createFaultRegistry, type FaultRegistry } from './faults.js';
import { createFlowLinks, type FlowLinks } from './links.js';

/**
 * The flow of the code running now, for one synchronous call at a time. It is set around a
 * call and restored after it, with no `AsyncLocalStorage`: on Node 20 that enables async hooks
 * for the whole process once used, which every request then pays for. Work that continues
 * after an `await` carries its flow explicitly instead (see `flow/step-context.ts`).
 */
export interface FlowScope {
  /** The tags of the call being run in a flow, if any. */
  current(): FlowTags | undefined;
  /** Runs `fn` at once, with `tags` merged into every event emitted until it returns. */
  run<T>(tags: FlowTags, fn: () => T): T;
}

export interface FlowState {
  /** The flow of the request being handled; its tags are merged into every event emitted meanwhile. */
  scope: FlowScope;
  links: FlowLinks;
  faults: FaultRegistry;
  /** A key that is in no JWKS, made on first use. */
  rogueKey(): SigningKey;
  /** Adds ids to the flow of the request being handled (an id the step has just created), for the events it emits from now on. */
  addTags(tags: FlowTags): void;
}

function createFlowScope(): FlowScope {
  let current: FlowTags | undefined;
  return {
    current: () => current,
    run(tags, fn) {
      const outer = current;
      current = tags;
      try {
        return fn();
      } finally {
        current = outer;
      }
    },
  };
}

export function createFlowState(clock: Clock): FlowState {
  let rogue: SigningKey | undefined;
  const scope = createFlowScope();
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
      const current = scope.current();
      if (current) Object.assign(current, tags);
    },
  };
}
