/**
 * What ties the artifacts of one flow together, seen from the outside of each step: an
 * interaction belongs to a launch, a code to an interaction, a token to the code it was
 * issued for. Kept on the sandbox clock for as long as the artifacts may be used.
 */
import type { Clock } from '../clock.js';
import type { FlowTags } from '../events.js';
import { TtlMap } from '../auth/ttl-map.js';

/** A day: longer than any code, token or refresh token a test waits on (refresh keeps the link alive). */
const KEEP_MS = 24 * 60 * 60 * 1000;

export type LinkKind = 'interaction' | 'code' | 'refresh' | 'jti';

export interface FlowLinks {
  /** Remembers the flow of an artifact (an interaction id, a code, a refresh token or a jti). */
  link(kind: LinkKind, key: string, tags: FlowTags): void;
  /** The flow of an artifact, when known. */
  find(kind: LinkKind, key: string | undefined): FlowTags | undefined;
  clear(): void;
}

export function createFlowLinks(clock: Clock): FlowLinks {
  const map = new TtlMap<FlowTags>(clock);
  return {
    link(kind, key, tags) {
      const clean = Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined)) as FlowTags;
      if (Object.keys(clean).length > 0) map.set(`${kind}:${key}`, clean, clock.now() + KEEP_MS);
    },
    find: (kind, key) => (key ? map.get(`${kind}:${key}`) : undefined),
    clear: () => map.clear(),
  };
}
