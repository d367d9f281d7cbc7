/**
 * The flows of one sandbox as the inspector and the flow log see them: every flow event
 * turned into a step with its flow id, the recent ones kept (bounded) for late viewers.
 */
import type { EventBus } from '../events.js';
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

export function createFlowTracker(events: EventBus, keep = 1000): FlowTracker {
  const keyer = createFlowKeyer();
  const listeners = new Set<(step: FlowStep) => void>();
  let steps: FlowStep[] = [];
  events.on('*', (event) => {
    const flow = keyer.keyOf(event);
    const described = flow ? describe(event) : undefined;
    if (!flow || !described) return;
    const clientId = 'clientId' in event ? event.clientId : undefined;
    const step: FlowStep = { seq: event.seq, time: event.time, flow, ...(clientId ? { clientId } : {}), kind: event.type, ...described };
    steps.push(step);
    if (steps.length > keep) steps = steps.slice(-keep);
    for (const listener of listeners) {
      try {
        listener(step);
      } catch {
        // A failing viewer must not break the request that made the step.
      }
    }
  });
  return {
    recent: () => steps,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      steps = [];
    },
  };
}
