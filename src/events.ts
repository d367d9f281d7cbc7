/**
 * Typed flow events. Every step of a flow (discovery, authorize, login, consent, code,
 * token, each FHIR call with the decision that allowed or refused it) is emitted here,
 * so tests can wait on them and the flow inspector can show them.
 */
import type { AuthEvent } from './auth/events.js';
import type { Clock } from './clock.js';

/** Why a FHIR request was allowed or refused: kept so pages and tests can show it. */
export interface AccessDecision {
  allowed: boolean;
  /** The granted scope that allowed the request, when one did. */
  scope?: string;
  /** Why the request was refused, or which rule allowed it when no scope was needed. */
  reason: string;
}

export interface FhirRequestEvent {
  type: 'fhir.request';
  method: string;
  path: string;
  status: number;
  interaction?: string;
  resourceType?: string;
  decision?: AccessDecision;
  clientId?: string;
}

export interface StoreChangeEvent {
  type: 'store.change';
  action: 'create' | 'update' | 'delete';
  resourceType: string;
  id: string;
  versionId: string;
}

export interface SandboxResetEvent {
  type: 'sandbox.reset';
}

export type SandboxEventInput = FhirRequestEvent | StoreChangeEvent | SandboxResetEvent | AuthEvent;

/** An event as delivered: the input plus a sequence number and the clock's time. */
export type SandboxEvent = SandboxEventInput & { seq: number; time: string };

export type EventType = SandboxEvent['type'];
export type EventOf<T extends EventType> = Extract<SandboxEvent, { type: T }>;
export type Listener<T extends EventType> = (event: EventOf<T>) => void;

export interface EventBus {
  emit(event: SandboxEventInput): void;
  /** Listen to one type, or `*` for all; returns the function that stops listening. */
  on<T extends EventType>(type: T, listener: Listener<T>): () => void;
  on(type: '*', listener: (event: SandboxEvent) => void): () => void;
  /** The most recent events (bounded), oldest first. */
  recent(): readonly SandboxEvent[];
}

export function createEventBus(clock: Clock, keep = 500): EventBus {
  const listeners = new Map<string, Set<(event: SandboxEvent) => void>>();
  const history: SandboxEvent[] = [];
  let seq = 0;
  return {
    emit(input) {
      const event = { ...input, seq: ++seq, time: new Date(clock.now()).toISOString() } as SandboxEvent;
      history.push(event);
      if (history.length > keep) history.shift();
      for (const key of [event.type, '*']) {
        for (const listener of listeners.get(key) ?? []) {
          try {
            listener(event);
          } catch {
            // A failing listener must not break the request that emitted the event.
          }
        }
      }
    },
    on(type: string, listener: (event: never) => void) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      const fn = listener as (event: SandboxEvent) => void;
      set.add(fn);
      return () => set.delete(fn);
    },
    recent: () => history,
  };
}
