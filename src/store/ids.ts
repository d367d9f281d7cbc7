/**
 * Ids for created resources: UUID-shaped (RFC 9562 version 4 layout) but derived from the
 * sandbox seed and a counter, so the same seed and the same requests give the same ids, byte
 * for byte. The counter starts again when the store is cleared (on `reset`).
 */
import { createHash } from 'node:crypto';

export interface IdSequence {
  next(): string;
  restart(): void;
}

/** A deterministic id sequence for a seed. */
export function seededIds(seed: number): IdSequence {
  let n = 0;
  return {
    next() {
      n += 1;
      const hex = createHash('sha256').update(`mock-ehr:${seed}:${n}`).digest('hex');
      const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    restart() {
      n = 0;
    },
  };
}
