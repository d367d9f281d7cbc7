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

export type SandboxEventInput = FhirRequestEvent | StoreChangeEvent | SandboxResetEvent | AuthEvent | FaultEvent;

/** A simulated fault that happened (see `sb.faults`). */
export interface FaultEvent {
  type: 'fault';
  /** The step it happened at, e.g. `token` or `fhir`. */
  step: string;
  /** What was done: an OAuth error code, an HTTP status, `latency`, or a response change. */
  effect: string;
}

/**
 * What ties an event to one flow: the app, the EHR launch, the authorization request (the
 * interaction id of its pages) and the access token. Each is present when known, so one
 * launch can be followed from the authorize request to the last FHIR call.
 */
export interface FlowTags {
  clientId?: string;
  /** The `launch` id of an EHR launch. */
  launchId?: string;
  /** The id of the authorization request (its pages live at `/auth/interaction/{id}`). */
  interactionId?: string;
  /** The `jti` of the access token used or issued. */
  jti?: string;
}

/** An event as delivered: the input, the flow it belongs to, a sequence number and the clock's time. */
export type SandboxEvent = SandboxEventInput & FlowTags & { seq: number; time: string };

export type EventType = SandboxEvent['type'];
export type EventOf<T extends EventType> = Extract<SandboxEvent, { type: T }>;
export type Listener<T extends EventType> = (event: EventOf<T>) => void;

export interface EventBus {
  emit(event: SandboxEventInput & FlowTags): void;
  /** Listen to one type, or `*` for all; returns the function that stops listening. */
  on<T extends EventType>(type: T, listener: Listener<T>): () => void;
  on(type: '*', listener: (event: SandboxEvent) => void): () => void;
  /** The most recent events (bounded), oldest first. */
  recent(): readonly SandboxEvent[];
  /**
   * The events from now on as an async iterator (all, or one type); end it with `break`
   * or the signal. Events that arrive while the loop body runs are queued, none is lost.
   */
  stream<T extends EventType>(type: T, options?: { signal?: AbortSignal }): AsyncIterableIterator<EventOf<T>>;
  stream(type?: '*', options?: { signal?: AbortSignal }): AsyncIterableIterator<SandboxEvent>;
  /** The next event of a type that matches `predicate`; rejects after `timeoutMs` (real time, default 5000). */
  once<T extends EventType>(type: T, predicate?: (event: EventOf<T>) => boolean, timeoutMs?: number): Promise<EventOf<T>>;
  /** `for await (const event of sb.events)`: every event from now on. */
  [Symbol.asyncIterator](): AsyncIterableIterator<SandboxEvent>;
}

/** The bus as the sandbox itself uses it: `emit`, and `publish` for an event object made for it alone. */
export interface SandboxEventBus extends EventBus {
  /**
   * `emit` for an object the caller made for this one call and never touches again: it
   * becomes the delivered event itself (with `seq` and `time` added) instead of being copied.
   */
  publish(event: SandboxEventInput & FlowTags): void;
}

/** The flow an event belongs to, read from the request being handled when it is emitted. */
export type FlowTagSource = () => FlowTags | undefined;

export function createEventBus(clock: Clock, keep = 500, tags: FlowTagSource = () => undefined): SandboxEventBus {
  const listeners = new Map<string, Set<(event: SandboxEvent) => void>>();
  const history: SandboxEvent[] = [];
  let seq = 0;
  // Events come many to a millisecond under load: the time of the last one is formatted once.
  let lastMs = Number.NaN;
  let lastTime = '';
  const timeNow = (): string => {
    const ms = clock.now();
    if (ms !== lastMs) {
      lastTime = new Date(ms).toISOString();
      lastMs = ms;
    }
    return lastTime;
  };
  const deliver = (key: string, event: SandboxEvent): void => {
    const set = listeners.get(key);
    if (set === undefined || set.size === 0) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break the request that emitted the event.
      }
    }
  };
  const send = (event: SandboxEvent): void => {
    event.seq = ++seq;
    event.time = timeNow();
    history.push(event);
    if (history.length > keep) history.shift();
    deliver(event.type, event);
    deliver('*', event);
  };
  const bus: SandboxEventBus = {
    emit(input) {
      // `{ ...tags(), ...input, seq, time }`, built by assignment: V8 makes an object literal
      // that adds keys after a spread slowly (microseconds per event), Object.assign not.
      send(Object.assign({}, tags(), input) as SandboxEvent);
    },
    publish(event) {
      // Outside a flow's scope `emit` would copy the object as it is.
      if (tags() === undefined) send(event as SandboxEvent);
      else bus.emit(event);
    },
    on(type: string, listener: (event: never) => void) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      const fn = listener as (event: SandboxEvent) => void;
      set.add(fn);
      return () => set.delete(fn);
    },
    recent: () => history,
    stream(type: string = '*', options: { signal?: AbortSignal } = {}) {
      return eventStream(bus, type, options.signal);
    },
    once(type: string, predicate: (event: never) => boolean = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`mock-ehr: no '${type}' event within ${timeoutMs} ms`));
        }, timeoutMs);
        const stop = bus.on(type as EventType, (event) => {
          if (!predicate(event as never)) return;
          stop();
          clearTimeout(timer);
          resolve(event);
        });
      }) as never;
    },
    [Symbol.asyncIterator]: () => eventStream(bus, '*'),
  };
  return bus;
}

function eventStream(bus: EventBus, type: string, signal?: AbortSignal): AsyncIterableIterator<never> {
  const queue: SandboxEvent[] = [];
  let wake: ((r: IteratorResult<never>) => void) | undefined;
  let done = false;
  const finish = (): IteratorResult<never> => {
    done = true;
    stop();
    signal?.removeEventListener('abort', onAbort);
    return { done: true, value: undefined };
  };
  const onAbort = (): void => {
    const r = finish();
    wake?.(r);
    wake = undefined;
  };
  const stop = bus.on(type as '*', (event) => {
    if (wake) {
      wake({ done: false, value: event as never });
      wake = undefined;
    } else queue.push(event);
  });
  if (signal?.aborted) finish();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const iterator: AsyncIterableIterator<never> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift() as never });
      if (done) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => (wake = resolve));
    },
    return() {
      return Promise.resolve(finish());
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
