/**
 * The finished pages of recent searches, kept as bytes so that the same search asked again
 * is answered without running, paging or serializing it. A searchset Bundle's own `id` and
 * `meta.lastUpdated` are made anew for every response (R4 bundle.html leaves the id to the
 * server; it is random per response here, and `lastUpdated` is the time of the response), so
 * a page is kept without them: `tail` is its JSON after the `lastUpdated` value, and each
 * response writes its own start before it.
 *
 * A page is kept under everything it depends on: the request's parameters as written, its
 * base URL, its type, strict handling and the access it runs under (the same access key as
 * the kept matches, cache.ts). It belongs to one generation of the store (any write, delete,
 * load, undone transaction or reset empties the cache), and a page whose matches depend on
 * the clock (the `ap` date prefix, R4 search.html 3.1.1.4.5) only to the clock time it was
 * made at. A page is kept when its search is asked for the second time (a search asked once,
 * such as each page of a client paging through once, takes no room). The cache is bounded by
 * the bytes it holds; the least recently used page goes first.
 */
import type { Bundle } from '../bundle.js';

/** Bytes of pages kept at most (their JSON and their keys). */
export const PAGE_BYTES_BUDGET = 16 * 1024 * 1024;

export interface KeptPage {
  /** The page's compact JSON after its `meta.lastUpdated` value: `"},"type":"searchset",...}`. */
  tail: Buffer;
  /** The page as made the first time (its `link` and `entry` are shared by every later answer). */
  bundle: Bundle;
  /** The clock time the page was made at, when its matches depend on the clock. */
  clock?: number;
}

/**
 * The start of a searchset or history Bundle's compact JSON up to its `meta.lastUpdated`
 * value, as `JSON.stringify` writes an object whose first members are `resourceType`, `id`
 * and `meta: { lastUpdated }` (fhir/bundle.ts).
 */
export function bundleHead(id: string, lastUpdated: string): string {
  return `{"resourceType":"Bundle","id":${JSON.stringify(id)},"meta":{"lastUpdated":${JSON.stringify(lastUpdated)}`;
}

/** The bytes of a kept page under its own `id` and `lastUpdated`: its start, then the kept tail (not copied). */
export function pageBytes(page: KeptPage, id: string, lastUpdated: string): readonly Buffer[] {
  return [Buffer.from(bundleHead(id, lastUpdated)), page.tail];
}

/**
 * The tail of `bytes` (a Bundle's compact JSON) after the head `bundleHead(id, lastUpdated)`
 * writes, in a Buffer of its own; undefined when `bytes` does not start with that head.
 */
export function pageTail(bytes: Buffer, id: string, lastUpdated: string): Buffer | undefined {
  const head = Buffer.from(bundleHead(id, lastUpdated));
  if (bytes.length < head.length || !bytes.subarray(0, head.length).equals(head)) return undefined;
  // A slice holds on to the whole allocation it is part of: a page of its own is sliced, a
  // small page (allocated from Node's shared pool) is copied.
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes.subarray(head.length);
  const tail = Buffer.allocUnsafeSlow(bytes.length - head.length);
  bytes.copy(tail, 0, head.length);
  return tail;
}

export class PageCache {
  /** Insertion order is use order: a hit is moved to the end. */
  private readonly kept = new Map<string, KeptPage>();
  /** Keys of pages asked for and not kept, with the number of times, oldest first. */
  private readonly asked = new Map<string, number>();
  private bytes = 0;
  private askedBytes = 0;
  private at = -1;

  /** `budget`: bytes of pages kept at most; a sixteenth of it more holds the keys of searches asked once. */
  constructor(private readonly budget = PAGE_BYTES_BUDGET) {}

  /**
   * The page kept under `key` while the store is at `generation` (and, for a page that
   * depends on it, while the clock reads `now`), if any. A miss is remembered: only a page
   * asked for again is kept (`set`), so that searches asked once take no room from the others.
   */
  get(key: string, generation: number, now: number): KeptPage | undefined {
    this.forgetOthers(generation);
    const page = this.kept.get(key);
    if (page !== undefined) {
      this.kept.delete(key);
      if (page.clock !== undefined && page.clock !== now) this.bytes -= PageCache.cost(key, page);
      else {
        this.kept.set(key, page);
        return page;
      }
    }
    const times = this.asked.get(key);
    if (times !== undefined) this.asked.set(key, times + 1);
    else {
      this.asked.set(key, 1);
      this.askedBytes += 2 * key.length;
      for (const [oldest] of this.asked) {
        if (this.askedBytes <= this.budget / 16) break;
        this.forgetAsked(oldest);
      }
    }
    return undefined;
  }

  /** True when a page made now for `key` would be kept: its search was asked for more than once (see `get`). */
  wants(key: string): boolean {
    return (this.asked.get(key) ?? 0) >= 2;
  }

  /**
   * Keeps `page` under `key` for the store's `generation` if it was asked for more than once
   * (see `get`), forgetting the least recently used pages beyond the budget.
   */
  set(key: string, generation: number, page: KeptPage): void {
    this.forgetOthers(generation);
    if (!this.wants(key)) return;
    const cost = PageCache.cost(key, page);
    if (cost > this.budget / 4) return;
    this.forgetAsked(key);
    this.drop(key);
    this.kept.set(key, page);
    this.bytes += cost;
    for (const oldest of this.kept.keys()) {
      if (this.bytes <= this.budget) break;
      this.drop(oldest);
    }
  }

  /** How much is kept now: pages, their bytes, and the searches remembered as asked. */
  size(): { pages: number; bytes: number; asked: number } {
    return { pages: this.kept.size, bytes: this.bytes, asked: this.asked.size };
  }

  private static cost(key: string, page: KeptPage): number {
    return page.tail.length + 2 * key.length;
  }

  private drop(key: string): void {
    const page = this.kept.get(key);
    if (page === undefined) return;
    this.kept.delete(key);
    this.bytes -= PageCache.cost(key, page);
  }

  private forgetAsked(key: string): void {
    if (!this.asked.delete(key)) return;
    this.askedBytes -= 2 * key.length;
  }

  private forgetOthers(generation: number): void {
    if (generation === this.at) return;
    this.kept.clear();
    this.asked.clear();
    this.bytes = 0;
    this.askedBytes = 0;
    this.at = generation;
  }
}
