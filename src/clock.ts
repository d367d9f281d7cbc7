/**
 * The one clock of a sandbox. Every lifetime (codes, tokens, sessions), every
 * `meta.lastUpdated` and every event timestamp reads it, so tests can move time.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** A clock a test can set and advance; it starts at `start` and never moves by itself. */
export interface ManualClock extends Clock {
  set(time: Date | number): void;
  advance(ms: number): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export function createManualClock(start: Date | number = Date.now()): ManualClock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => current,
    set(time) {
      current = typeof time === 'number' ? time : time.getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
}

/** An offset clock: the system time moved by an adjustable amount (used by `sb.clock.advance`). */
export function createOffsetClock(base: Clock = systemClock): ManualClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    set(time) {
      offset = (typeof time === 'number' ? time : time.getTime()) - base.now();
    },
    advance(ms) {
      offset += ms;
    },
  };
}
