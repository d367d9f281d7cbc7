/**
 * The flows of one sandbox as the inspector and the flow log see them: every flow event
 * turned into a step with its flow id, the recent ones kept (bounded) for late viewers.
 */
import type { EventBus, SandboxEvent } from '../events.js';
import { createFlowKeyer } from './flow-key.js';
import { describe, type FlowStep } from './steps.js';

export interface FlowTracker {
  /** The most recent steps, oldest first. */
  recent(): readonly FlowStep[];
  /** Calls `listener` with each new step; returns the function that stops it. */
  subscribe(listener: (step: FlowStep) => void): () => void;
  /** Forgets the recorded steps (the inspector's Clear). */
  clear(): void;
}

/** A FHIR call not yet described: most are never looked at, so their step is made when first asked for. */
interface PendingStep {
  pending: SandboxEvent;
  flow: string;
}

export function createFlowTracker(events: EventBus, keep = 1000): FlowTracker {
  const keyer = createFlowKeyer();
  const listeners = new Set<(step: FlowStep) => void>();
  /** The steps, oldest first; up to twice `keep` between trims, so that trimming costs little per step. */
  let steps: (FlowStep | PendingStep)[] = [];
  let pendingCount = 0;
  const toStep = (event: SandboxEvent, flow: string): FlowStep | undefined => {
    const described = describe(event);
    if (!described) return undefined;
    const clientId = 'clientId' in event ? event.clientId : undefined;
    // `{ seq, time, flow, clientId?, kind, ...described }`, by assignment (V8 adds keys after a spread slowly).
    const head: Partial<FlowStep> = { seq: event.seq, time: event.time, flow };
    if (clientId) head.clientId = clientId;
    head.kind = event.type;
    return Object.assign(head, described) as FlowStep;
  };
  const trim = (to: number): void => {
    if (steps.length <= to) return;
    steps = steps.slice(-to);
    pendingCount = steps.reduce((n, s) => n + ('pending' in s ? 1 : 0), 0);
  };
  events.on('*', (event) => {
    const flow = keyer.keyOf(event);
    if (!flow) return;
    if (event.type === 'fhir.request' && listeners.size === 0) {
      steps.push({ pending: event, flow });
      pendingCount += 1;
    } else {
      const step = toStep(event, flow);
      if (!step) return;
      steps.push(step);
      for (const listener of listeners) {
        try {
          listener(step);
        } catch {
          // A failing viewer must not break the request that made the step.
        }
      }
    }
    if (steps.length > 2 * keep) trim(keep);
  });
  return {
    recent() {
      trim(keep);
      if (pendingCount > 0) {
        const described: FlowStep[] = [];
        for (const s of steps) {
          const step = 'pending' in s ? toStep(s.pending, s.flow) : s;
          if (step) described.push(step);
        }
        steps = described;
        pendingCount = 0;
      }
      return steps as FlowStep[];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      steps = [];
      pendingCount = 0;
    },
  };
}
