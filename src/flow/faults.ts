/**
 * The faults injected into one sandbox (`sb.faults`): which apply to a step for a given
 * flow, counted down as they happen. Pure bookkeeping; the step hooks make them happen.
 */
import { ConfigError } from '../config.js';
import type { FlowTags } from '../events.js';
import type { Fault } from './fault-types.js';
import { faultProblems } from './fault-check.js';
import type { Step } from './steps.js';

/** An injected fault: `remaining` counts down to 0 (spent); `remove()` takes it away. */
export interface InjectedFault {
  readonly fault: Fault;
  readonly remaining: number;
  remove(): void;
}

export interface Faults {
  /** Adds a fault; it applies from the next request on. Throws ConfigError when it is malformed. */
  inject(fault: Fault): InjectedFault;
  /** Removes every injected fault (or those of one client or launch). */
  clear(filter?: { client?: string; launch?: string }): void;
  /** The faults in force, oldest first. */
  list(): InjectedFault[];
}

export interface FaultRegistry extends Faults {
  /** True when some fault in force is at this step (a request then goes through the step's fault hook). */
  armed(step: Step): boolean;
  /** The faults in force for this step and flow that `accept` takes, oldest first, each counted as used. */
  take<F extends Fault>(step: Step, tags: FlowTags, accept: (fault: Fault) => fault is F): F[];
}

interface Entry {
  fault: Fault;
  remaining: number;
}

function check(fault: Fault): void {
  const problems = faultProblems(fault);
  if (problems.length > 0) throw new ConfigError(problems);
}

export function createFaultRegistry(): FaultRegistry {
  let entries: Entry[] = [];
  const handle = (entry: Entry): InjectedFault => ({
    fault: entry.fault,
    get remaining() {
      return entry.remaining;
    },
    remove() {
      entries = entries.filter((e) => e !== entry);
    },
  });
  return {
    inject(fault) {
      check(fault);
      const entry = { fault: { ...fault }, remaining: fault.times ?? Number.POSITIVE_INFINITY };
      entries.push(entry);
      return handle(entry);
    },
    clear(filter) {
      entries = filter ? entries.filter((e) => !((filter.client && e.fault.client === filter.client) || (filter.launch && e.fault.launch === filter.launch))) : [];
    },
    list: () => entries.map(handle),
    armed: (step) => entries.length > 0 && entries.some((e) => e.fault.at === step && e.remaining > 0),
    take(step, tags, accept) {
      if (entries.length === 0) return [];
      const out: Fault[] = [];
      for (const entry of entries) {
        const { fault } = entry;
        if (fault.at !== step || entry.remaining <= 0 || !accept(fault)) continue;
        if (fault.client !== undefined && fault.client !== tags.clientId) continue;
        if (fault.launch !== undefined && fault.launch !== tags.launchId) continue;
        entry.remaining -= 1;
        out.push(fault);
      }
      entries = entries.filter((e) => e.remaining > 0);
      return out as never;
    },
  };
}

/** A client's own faults (the `clients` option, `sb.clients.add`, registration metadata), for its requests only. */
export function injectClientFaults(faults: Faults, client: { clientId: string; faults?: readonly Fault[] }): void {
  for (const fault of client.faults ?? []) faults.inject({ ...fault, client: client.clientId });
}
