/**
 * Makes, a slice at a time between other work, the reverse reference index the sandbox itself
 * asks for (a patient's compartment for `$everything`, the chart page and `user/` scopes; a
 * practitioner's patients), once a large data set is loaded: the store makes each target
 * type's index when first asked for, which at thousands of patients is seconds of work. Each
 * slice runs from `setImmediate`, after the event loop has taken its I/O, so a request waits
 * at most one slice; a request that needs the index before it is complete finishes it first.
 * The timers are unreferenced: a process with nothing else to do does not stay alive for them.
 */
import type { ResourceStore } from './resource-store.js';

/** Resources walked per slice: a few milliseconds of work on the seed's resources. */
const SLICE = 2_000;

/** Resources from which the index is made in the background; fewer are indexed when first asked for. */
export const BACKGROUND_FROM = 20_000;

/** The target types the sandbox's own pages and checks look up (see the module comment). */
const TYPES = ['Patient', 'Practitioner'] as const;

/** Stops a background build: no slice runs after it (what the store has made so far it keeps). */
export type StopIndexing = () => void;

const NOTHING_TO_STOP: StopIndexing = () => {};

/**
 * Starts making, in the background, the index of `store` for the sandbox's own lookups, when
 * it holds at least `from` resources (`size`, when the caller knows it: counting a million
 * resources costs a tenth of a second). The caller stops it when the data it was started for
 * goes (a reset starts another for the data loaded again) or nothing will ask any more (close).
 */
export function indexInBackground(store: ResourceStore, from = BACKGROUND_FROM, size?: number): StopIndexing {
  const prepare = store.prepareIndex?.bind(store);
  if (!prepare || (size ?? store.count()) < from) return NOTHING_TO_STOP;
  let next: NodeJS.Immediate | undefined;
  const step = (): void => {
    next = prepare(TYPES, SLICE) ? undefined : setImmediate(step).unref();
  };
  next = setImmediate(step).unref();
  return () => {
    if (next) clearImmediate(next);
    next = undefined;
  };
}
