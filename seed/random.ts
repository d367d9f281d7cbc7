/**
 * Seeded randomness. One small, fast PRNG (sfc32) feeds both faker (names, addresses) and
 * the clinical numbers, so a seed fixes every value. Pure integer arithmetic: the same seed
 * gives the same stream on every machine.
 */
import type { Faker, Randomizer } from '@faker-js/faker';
// Only the en_US locale module is imported (the package index would load every locale).
import { faker as enUsFaker } from '@faker-js/faker/locale/en_US';

/** Hashes a list of 32-bit numbers into one (a variant of the splitmix32/murmur finalizer). */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    h = (h + 0x6d2b79f5) | 0;
  }
  return h >>> 0;
}

/** A seeded source of uniform numbers in [0, 1) that faker accepts as its randomizer. */
export function createRandomizer(initial = 0): Randomizer {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const seed = (value: number | number[]): void => {
    const parts = Array.isArray(value) ? value : [value];
    a = mix(1, ...parts);
    b = mix(2, ...parts);
    c = mix(3, ...parts);
    d = 1;
    for (let i = 0; i < 12; i++) next();
  };
  seed(initial);
  return { next, seed };
}

/** Random helpers over one randomizer; every draw advances the shared stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform float in [min, max). */
  float(min: number, max: number): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One item, chosen with the given relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Normally distributed (Box-Muller). */
  normal(mean: number, sd: number): number;
  /** Normal, then clamped to [min, max]. */
  clampedNormal(mean: number, sd: number, min: number, max: number): number;
}

/** Number helpers over a randomizer. */
export function createRng(randomizer: Randomizer): Rng {
  const next = (): number => randomizer.next();
  const rng: Rng = {
    next,
    float: (min, max) => min + next() * (max - min),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    normal: (mean, sd) => {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    clampedNormal: (mean, sd, min, max) => Math.min(max, Math.max(min, rng.normal(mean, sd))),
  };
  return rng;
}

/** The random sources of one generation run: a faker of its own and the number helpers. */
export interface RandomSource {
  faker: Faker;
  rng: Rng;
  /** Restarts both streams from the given numbers (e.g. seed and patient index). */
  reseed(...parts: number[]): void;
}

/**
 * A new faker instance (en_US, then en, then base definitions) and an Rng sharing one
 * randomizer. Nothing is shared with the global faker or with other runs.
 */
export function createRandomSource(seed: number): RandomSource {
  const randomizer = createRandomizer(seed);
  // The locale module exports only a ready-made instance; its class and merged
  // definitions build a separate instance with our own randomizer.
  const FakerClass = enUsFaker.constructor as typeof Faker;
  const faker = new FakerClass({ locale: enUsFaker.rawDefinitions, randomizer });
  const rng = createRng(randomizer);
  return { faker, rng, reseed: (...parts) => faker.seed(parts) };
}
