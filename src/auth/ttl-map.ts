/**
 * A map whose entries expire on the sandbox clock. Expired entries are invisible at once and
 * swept now and then on insertion, so no timer keeps the process alive. With a capacity, a
 * new entry that finds the map full first sweeps, then drops the oldest entry: what anyone
 * can create without credentials must not grow without bound.
 */
import type { Clock } from '../clock.js';

export class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private inserts = 0;
  /**
   * No entry expires before this (a lower bound, exact after a sweep): until the clock
   * reaches it a sweep would find nothing, so it is skipped. A full map then costs one
   * comparison per insertion, not a walk over every entry.
   */
  private earliestExpiry = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly capacity = Infinity,
  ) {}

  /** Stores `value` until `expiresAt` (milliseconds on the clock). */
  set(key: string, value: V, expiresAt: number): void {
    if (!this.entries.has(key) && this.entries.size >= this.capacity) {
      this.sweep();
      // Map iteration is insertion order: the first key is the oldest entry.
      for (const oldest of this.entries.keys()) {
        if (this.entries.size < this.capacity) break;
        this.entries.delete(oldest);
      }
    }
    this.entries.set(key, { value, expiresAt });
    if (expiresAt < this.earliestExpiry) this.earliestExpiry = expiresAt;
    if (++this.inserts % 256 === 0) this.sweep();
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Live values, oldest first. */
  values(): V[] {
    const now = this.clock.now();
    return [...this.entries.values()].filter((e) => e.expiresAt > now).map((e) => e.value);
  }

  /**
   * Every stored value, expired ones not yet swept included: what revokes must reach them too,
   * since the sandbox clock can be set back (`sb.clock.set`) and an expired entry live again.
   */
  storedValues(): V[] {
    return [...this.entries.values()].map((e) => e.value);
  }

  clear(): void {
    this.entries.clear();
    this.earliestExpiry = Infinity;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.clock.now();
    if (now < this.earliestExpiry) return;
    let earliest = Infinity;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
      else if (entry.expiresAt < earliest) earliest = entry.expiresAt;
    }
    this.earliestExpiry = earliest;
  }
}
