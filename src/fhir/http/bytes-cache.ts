/**
 * The bytes of stored resource versions that reads sent, kept so that the next read of the
 * same version sends them as they are. A version never changes, so an entry is never stale;
 * the cache is bounded by its total size and forgets the oldest versions first (a client
 * that reads every resource does not double what the sandbox holds).
 */
export const DEFAULT_BYTES_BUDGET = 16 * 1024 * 1024;

export class BytesCache {
  private readonly kept = new Map<object, Buffer>();
  private total = 0;

  constructor(private readonly budget = DEFAULT_BYTES_BUDGET) {}

  get(version: object): Buffer | undefined {
    return this.kept.get(version);
  }

  set(version: object, bytes: Buffer): void {
    if (bytes.length > this.budget || this.kept.has(version)) return;
    this.kept.set(version, bytes);
    this.total += bytes.length;
    for (const [oldest, oldBytes] of this.kept) {
      if (this.total <= this.budget) break;
      this.kept.delete(oldest);
      this.total -= oldBytes.length;
    }
  }

  /** Bytes held now (at most the budget). */
  get size(): number {
    return this.total;
  }
}
